// progan-sr upscale: an image or a folder of images upscaled by a trained SRResNet (tiled, batched) or by
// libvips' bicubic kernel, written as PNG files into --out, with upscale.json (files, sizes, seconds).

import ArgumentParser
import Foundation
import Imaging
import NN
import SRGAN

struct Upscale: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Upscale an image or a folder 4x with a trained SRResNet (or libvips bicubic, for comparison).",
        discussion: """
        --model takes a run's generator.safetensors or checkpoint, or SRGAN-PyTorch weights converted to safetensors \
        (README, "Stage two"); the architecture is read from the keys. Large images are processed in overlapping \
        tiles of --tile LR pixels, blended without seams; same-sized images are batched.
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

    @Option(help: "Tile side in input pixels.")
    var tile = 128

    @Option(help: "Minimum overlap of neighbouring tiles in input pixels.")
    var overlap = 16

    @Option(help: "Tiles or images per forward pass.")
    var batch = 8

    func validate() throws {
        guard ["srresnet", "bicubic"].contains(method) else { throw ValidationError("--method must be srresnet or bicubic, not \(method)") }
        if method == "srresnet" && model == nil { throw ValidationError("--model FILE is needed (or --method bicubic)") }
        do { try Upscaler.checkTiling(tile: tile, overlap: overlap, batch: batch) } catch { throw ValidationError("\(error)") }
        try ArgumentChecks.atLeast(scale, 1, "--scale")
        try ArgumentChecks.outputFolder(out)
    }

    func run() throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) else { throw EvalError.unreadable(path: input, reason: "no such file or folder") }
        let paths = isFolder.boolValue ? try ImageFolder.imagePaths(input) : [input]
        let upscaler = try model.map { path -> Upscaler in
            let network = try SRResNet.load(contentsOf: URL(fileURLWithPath: path))
            print("model: SRResNet \(network.trunk.count) blocks × \(network.conv3.weight.shape[1]) channels, ×\(network.upscale) (\(path))")
            return Upscaler(model: network, tile: tile, overlap: overlap, batch: batch)
        }
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
        for path in paths {
            let image: Image
            do { image = try Image(contentsOf: path) } catch { throw EvalError.unreadable(path: path, reason: "\(error)") }
            if let first = pending.first?.image, first.width != image.width || first.height != image.height || pending.count >= batch { try flush() }
            pending.append((path, image))
        }
        try flush()
        let total = Date().timeIntervalSince(started)
        let report: [String: Any] = ["method": method, "scale": factor, "model": model ?? "", "tile": tile, "overlap": overlap,
                                     "images": records, "seconds": total]
        try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
            .write(to: outURL.appendingPathComponent("upscale.json"))
        print(String(format: "%d image(s) upscaled ×%d by %@ into %@ in %.2f s (%.3f s per image); report: %@/upscale.json",
                     paths.count, factor, method, out, total, total / Double(paths.count), out))
    }
}
