// progan-sr bench swd: SWD of two 64² image sets (512 vs 512 by default), timed, against the official
// numpy code run by bench/swd_numpy.py on the same images (the fixture's A and B and their flips).

import ArgumentParser
import Foundation
import Metrics
import SafeTensors

struct BenchSWD: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swd",
        abstract: "Time SWD on N vs N images (peer: python3 bench/swd_numpy.py with the same options)."
    )

    @Option(help: "A safetensors file with uint8 image sets A and B (N, 3, H, W).")
    var fixture = "Tests/Fixtures/metrics/swd_images.safetensors"

    @Option(help: "Images per set, made of the file's images and their flips (up to 4x the file's count).")
    var images = 512

    @Option(help: "Byte layout of the file's images: nchw, or nhwc (the shared fixture's A and B).")
    var layout = "nhwc"

    @Option(help: "Seed for patch centres and directions.")
    var seed: UInt64 = 1

    func validate() throws {
        try ArgumentChecks.atLeast(images, 1, "--images")
        guard ["nchw", "nhwc"].contains(layout) else { throw ValidationError("--layout must be nchw or nhwc, not \(layout)") }
    }

    func run() throws {
        let file = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: fixture))
        func load(_ name: String) throws -> ImageBatch {
            let s = try file.shape(name)
            var px = try file.uint8(name)
            if layout == "nhwc" {
                let src = px
                for i in 0..<s[0] { for y in 0..<s[2] { for x in 0..<s[3] { for c in 0..<s[1] {
                    px[((i * s[1] + c) * s[2] + y) * s[3] + x] = src[((i * s[2] + y) * s[3] + x) * s[1] + c]
                } } } }
            }
            return widen(ImageBatch(count: s[0], channels: s[1], height: s[2], width: s[3], pixels: px), to: images)
        }
        let a = try load("A"), b = try load("B")
        let start = Date()
        let r = try SWD.distance(a, b, seed: seed)
        let seconds = Date().timeIntervalSince(start)
        print("SWD \(images) vs \(images) at \(a.height)²: \(String(format: "%.3f", seconds)) s; x1e3 per level \(r.resolutions): \(r.perLevel.map { String(format: "%.3f", $0) }), avg \(String(format: "%.3f", r.average))")
        let json: [String: Any] = ["bench": "swd", "images": images, "resolution": a.height, "seconds": seconds,
                                   "swd_x1e3": r.perLevel + [r.average]]
        print(String(data: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]), encoding: .utf8)!)
    }

    /// `count` images from `x` and its flips: identity, left-right, up-down, both (as bench/swd_numpy.py).
    func widen(_ x: ImageBatch, to count: Int) -> ImageBatch {
        let (n, c, h, w) = (x.count, x.channels, x.height, x.width)
        var px = [UInt8](repeating: 0, count: count * c * h * w)
        for k in 0..<min(count, 4 * n) {
            let v = k / n, i = k % n
            for ch in 0..<c { for y in 0..<h { for xx in 0..<w {
                let sy = v >= 2 ? h - 1 - y : y, sx = v % 2 == 1 ? w - 1 - xx : xx
                px[((k * c + ch) * h + y) * w + xx] = x.pixels[((i * c + ch) * h + sy) * w + sx]
            } } }
        }
        return ImageBatch(count: min(count, 4 * n), channels: c, height: h, width: w, pixels: px)
    }
}
