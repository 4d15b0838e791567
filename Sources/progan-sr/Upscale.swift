// progan-sr upscale: an image or a folder of images upscaled by a trained SRResNet (tiled, batched) or by
// libvips' bicubic kernel, written as PNG files into --out, with upscale.json (files, sizes, seconds).
// Images larger than one tile are upscaled one row of tiles at a time and written to the PNG as they are made.

import ArgumentParser
import Foundation
import Imaging
import NN
import Pipeline
import SRGAN

struct Upscale: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Upscale an image or a folder 4x with a trained SRResNet (or libvips bicubic, for comparison).",
        discussion: """
        --model takes a run's generator.safetensors or checkpoint, or SRGAN-PyTorch weights converted to safetensors \
        (README, "Stage two"); the architecture is read from the keys. Large images are processed in overlapping \
        tiles of --tile LR pixels, blended without seams, and written row of tiles by row of tiles (memory grows \
        with the width, not the area); images that fit one tile are batched. The default overlap is twice the \
        model's receptive radius plus 8 px, which makes the tiled output equal the whole-image output.
        """)

    @Argument(help: "An image file or a folder of images (PNG/JPEG).")
    var input: String

    @Option(help: "Model weights (safetensors). Required unless --method bicubic.")
    var model: String?

    @Option(help: "Output folder (created).")
    var out: String

    @Option(help: "srresnet (the model) or bicubic (libvips baseline).")
    var method = "srresnet"

    @Option(help: "Scale for --method bicubic (the model's own factor otherwise).")
    var scale = 4

    @Option(help: "Tile side in input pixels (grown to twice the default overlap when smaller).")
    var tile = 128

    @Option(help: "Minimum overlap of neighbouring tiles in input pixels (default: 2 x the model's receptive radius + 8).")
    var overlap: Int?

    @Option(help: "Input images with more megapixels than this are refused (read from the file's header, before decoding).")
    var maxMegapixels: Double = Double(Image.defaultMaximumPixels) / 1_000_000

    @Option(help: "Tiles or images per forward pass.")
    var batch = 8

    func validate() throws {
        guard ["srresnet", "bicubic"].contains(method) else { throw ValidationError("--method must be srresnet or bicubic, not \(method)") }
        if method == "srresnet" && model == nil { throw ValidationError("--model FILE is needed (or --method bicubic)") }
        do { try Upscaler.checkTiling(tile: tile, overlap: overlap, batch: batch) } catch { throw ValidationError("\(error)") }
        try ArgumentChecks.positive(maxMegapixels, "--max-megapixels")
        try ArgumentChecks.atLeast(scale, 1, "--scale")
        try ArgumentChecks.outputFolder(out)
    }

    func run() throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) else { throw ImageSourceError.notFound(path: input, expected: "an image or a folder of images") }
        let paths = isFolder.boolValue ? try ImageFolder.imagePaths(input) : [input]
        let upscaler = try model.map { path -> Upscaler in
            let network = try SRResNet.load(contentsOf: URL(fileURLWithPath: path))
            print("model: SRResNet \(network.trunk.count) blocks × \(network.conv3.weight.shape[1]) channels, ×\(network.upscale) (\(path))")
            let upscaler = try Upscaler(model: network, tile: tile, overlap: overlap, batch: batch)
            print("tiles: \(upscaler.tile) px, overlap \(upscaler.overlap) px (receptive radius \(network.receptiveRadius) px: "
                  + (upscaler.isExact ? "tiled output equals the whole-image output)" : "tile borders are faded, not exact)"))
            return upscaler
        }
        let maximumPixels = Int(maxMegapixels * 1_000_000)
        // The output folder is made with the first output: a wrong --model or input leaves nothing behind.
        let outURL = URL(fileURLWithPath: out, isDirectory: true)
        let factor = method == "bicubic" ? scale : upscaler!.scale
        let started = Date()
        let progress = ProgressLine("upscale")
        var records: [[String: Any]] = []
        var done = 0
        // Consecutive images of one size go through the network together.
        var pending: [(path: String, image: Image)] = []
        func flush() throws {
            guard !pending.isEmpty else { return }
            let t = Date()
            let outputs: [Image]
            if method == "bicubic" {
                outputs = try pending.map { try Upscaler.bicubic($0.image, scale: factor) }
            } else {
                outputs = Image.images(from: upscaler!.upscale(Image.tensor(pending.map(\.image), range: .zeroToOne)), range: .zeroToOne)
            }
            let seconds = Date().timeIntervalSince(t) / Double(pending.count)
            try FileManager.default.createDirectory(at: outURL, withIntermediateDirectories: true)
            for (item, output) in zip(pending, outputs) {
                let name = ((item.path as NSString).lastPathComponent as NSString).deletingPathExtension + ".png"
                try output.save(to: outURL.appendingPathComponent(name).path)
                records.append(["input": item.path, "output": name, "width": output.width, "height": output.height, "seconds": seconds])
            }
            done += pending.count
            progress.update(done, of: paths.count)
            pending = []
        }
        // An image larger than one tile goes to its PNG one row of tiles at a time.
        func stream(_ path: String, _ image: Image, with upscaler: Upscaler) throws {
            let t = Date()
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension + ".png"
            try FileManager.default.createDirectory(at: outURL, withIntermediateDirectories: true)
            let writer = try PNGRowWriter(path: outURL.appendingPathComponent(name).path,
                                          width: image.width * factor, height: image.height * factor)
            let tiles = ProgressLine("upscale \((path as NSString).lastPathComponent)", unit: "tiles")
            try upscaler.upscale(image, progress: { tiles.update($0, of: $1) }) { try writer.write($0, count: $1) }
            try writer.finish()
            records.append(["input": path, "output": name, "width": writer.width, "height": writer.height,
                            "seconds": Date().timeIntervalSince(t)])
            done += 1
            progress.update(done, of: paths.count)
        }
        for path in paths {
            let image: Image
            do { image = try Image(contentsOf: path, maximumPixels: maximumPixels) } catch let error as ImagingError {
                throw error
            } catch { throw ImageSourceError.unreadable(path: path, reason: "\(error)") }
            if let upscaler, image.width > upscaler.tile || image.height > upscaler.tile {
                try flush()
                try stream(path, image, with: upscaler)
                continue
            }
            if let first = pending.first?.image, first.width != image.width || first.height != image.height || pending.count >= batch { try flush() }
            pending.append((path, image))
        }
        try flush()
        let total = Date().timeIntervalSince(started)
        let report: [String: Any] = ["method": method, "scale": factor, "model": model ?? "", "tile": upscaler?.tile ?? tile, "overlap": upscaler?.overlap ?? 0,
                                     "images": records, "seconds": total]
        try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
            .write(to: outURL.appendingPathComponent("upscale.json"))
        print(String(format: "%d image(s) upscaled ×%d by %@ into %@ in %.2f s (%.3f s per image); report: %@/upscale.json",
                     paths.count, factor, method, out, total, total / Double(paths.count), out))
    }
}
