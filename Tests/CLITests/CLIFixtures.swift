// CLIFixtures: the small inputs the CLI tests hand to the binary, made here rather than shipped — a folder of
// "photos" (smooth gradients and noisy shapes of assorted odd sizes, plus one flat and one 3x5 image), a
// data set prepared from it, tiny stage-one runs (8 and 16 px) and tiny stage-two models (4x and 2x), each
// trained by the binary itself in a second or two.

import Foundation
import Imaging
import XCTest

struct CLIFixtures {
    let folder: URL
    let binary: ProGANSRBinary

    init(folder: URL) throws {
        self.folder = folder
        binary = try ProGANSRBinary()
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Runs the binary and fails (throws) unless it exits 0: a fixture that cannot be made stops the class.
    @discardableResult
    func succeed(_ arguments: [String]) throws -> ProGANSRBinary.Result {
        let r = try binary.run(arguments, in: folder, timeout: 300)
        guard r.status == 0, !r.signalled else { throw CLIFixtureError.failed(r.description) }
        return r
    }

    /// `count` images of assorted sizes (odd ones among them) in `name`/: gradients with noise and a disc or a
    /// bar of another colour, from a fixed seed; then a flat image and a 3x5 one.
    @discardableResult
    func photos(_ name: String, count: Int, seed: UInt64 = 7) throws -> String {
        let dir = folder.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var state = seed
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        for i in 0..<count {
            let w = 33 + next() % 70, h = 29 + next() % 70
            let base = (0..<3).map { _ in Double(next() % 200) }, slope = (0..<3).map { _ in Double(next() % 120) - 60 }
            let cx = Double(next() % w), cy = Double(next() % h), radius = Double(6 + next() % 20)
            let shape = (0..<3).map { _ in Double(next() % 256) }, disc = i % 2 == 0
            var pixels = [UInt8](repeating: 0, count: w * h * 3)
            for y in 0..<h {
                for x in 0..<w {
                    let t = Double(x) / Double(w) + Double(y) / Double(h)
                    let inside = disc ? (Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy) < radius * radius
                                      : abs(Double(x) - cx) < radius / 3
                    for c in 0..<3 {
                        let v = inside ? shape[c] : base[c] + slope[c] * t
                        pixels[(y * w + x) * 3 + c] = UInt8(max(0, min(255, v + Double(next() % 17) - 8)))
                    }
                }
            }
            try Image(width: w, height: h, pixels: pixels).save(to: dir.appendingPathComponent(String(format: "photo-%03d.png", i)).path)
        }
        try Image(width: 64, height: 48, red: 120, green: 80, blue: 200).save(to: dir.appendingPathComponent("flat.png").path)
        try Image(width: 3, height: 5, red: 10, green: 200, blue: 30).save(to: dir.appendingPathComponent("tiny.png").path)
        return dir.path
    }

    /// A preset file `name` with `settings` (JSON).
    @discardableResult
    func preset(_ name: String, _ settings: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(settings.utf8).write(to: url)
        return url.path
    }

    /// A stage-one run to `resolution` px on `data`: a tiny network and a few hundred images.
    @discardableResult
    func stageOne(_ name: String, data: String, resolution: Int) throws -> String {
        let phases = (2...resolution.trailingZeroBitCount).map { "\"\(1 << $0)\": 64" }.joined(separator: ", ")
        let preset = try preset("\(name).json", """
            {"latentSize": 16, "fmapBase": 32, "fmapMax": 16, "targetResolution": \(resolution), "phaseImages": {\(phases)},
             "minibatchDefault": 8, "checkpointEveryImages": 100000, "swdImages": 0, "gridColumns": 2, "gridRows": 2}
            """)
        try succeed(["train-progan", "--data", data, "--preset", preset, "--out", path(name)])
        return path(name)
    }

    /// A stage-two run (×`upscale`) on the images in `data`: one block of 8 channels, a few steps.
    @discardableResult
    func stageTwo(_ name: String, data: String, upscale: Int = 4) throws -> String {
        let preset = try preset("\(name).json", """
            {"blocks": 1, "channels": 8, "upscale": \(upscale), "hrCrop": 16, "batchSize": 2, "phase1Steps": 3, "phase2Steps": 2,
             "discriminatorChannels": 4, "discriminatorDense": 8, "checkpointEverySteps": 100, "contentLoss": "mse"}
            """)
        try succeed(["train-srgan", "--data", data, "--preset", preset, "--out", path(name)])
        return path(name)
    }
}

enum CLIFixtureError: Error, CustomStringConvertible {
    case failed(String)
    var description: String {
        switch self { case .failed(let run): return "a fixture could not be made: \(run)" }
    }
}
