// progan-sr prepare: a folder of images → a multi-resolution data set (see Imaging/DatasetBuilder).

import ArgumentParser
import Foundation
import Imaging

extension CropMode: ExpressibleByArgument {}
extension AlphaBackground: ExpressibleByArgument {}

struct Prepare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a multi-resolution data set (top resolution down to 4x4) from a folder of images.",
        discussion: """
        Walks SOURCE recursively, decodes every image on all cores, crops it to a square, resizes it to \
        --resolution with --kernel, and halves it by 2x2 box averaging down to 4x4. Writes one raw uint8 \
        file per resolution and manifest.json (with the files that were skipped and why) into --out.
        """)

    @Argument(help: "Folder of images, searched recursively (default: the embedded samples/noto-emoji-people).")
    var source: String?

    @Option(help: "Output folder for the data set; must not exist.")
    var out: String

    @Option(help: "Top resolution, a power of two ≥ 4.")
    var resolution = 64

    @Option(help: "Kernel from the source to the top resolution: \(ResizeKernel.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kernel = "bicubic"

    @Option(help: "center: the largest centred square; none: squeeze the whole image to a square.")
    var crop = CropMode.center

    @Option(help: "What transparent pixels are flattened on: white or black.")
    var background = AlphaBackground.white

    @Flag(help: "Stop at the first file that is not a usable image instead of skipping it.")
    var strict = false

    @Option(help: "Images with more megapixels than this are skipped (read from the file's header, before decoding).")
    var maxMegapixels: Double = Double(Image.defaultMaximumPixels) / 1_000_000

    func validate() throws {
        guard DatasetBuilder.isValidResolution(resolution) else {
            throw ValidationError(DatasetError.resolutionNotPowerOfTwo(resolution).description)
        }
        do { _ = try ResizeKernel(name: kernel) } catch { throw ValidationError("--kernel: \(error)") }
        try ArgumentChecks.positive(maxMegapixels, "--max-megapixels")
    }

    func run() throws {
        let sourceURL = source.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? EmbeddedSamples.folder
        var options = DatasetOptions()
        options.resolution = resolution
        options.kernel = try ResizeKernel(name: kernel)
        options.crop = crop
        options.background = background
        options.strict = strict
        options.maximumPixels = Int(maxMegapixels * 1_000_000)
        let progress = ProgressLine("prepare")
        let started = Date()
        let manifest = try DatasetBuilder.prepare(source: sourceURL, output: URL(fileURLWithPath: out, isDirectory: true),
                                                  options: options) { progress.update($0, of: $1) }
        let seconds = Date().timeIntervalSince(started)
        print("\(out): \(manifest.count) images at \(manifest.resolutions.map { "\($0)" }.joined(separator: ", ")) px " +
              "(kernel \(manifest.kernel), crop \(manifest.crop.rawValue)) from \(sourceURL.path) in \(String(format: "%.1f", seconds)) s")
        if manifest.skipped.isEmpty {
            print("skipped: none")
        } else {
            print("skipped \(manifest.skipped.count) files (listed in \(out)/\(DatasetManifest.fileName)):")
            for s in manifest.skipped.prefix(20) { print("  \(s.path): \(s.reason)") }
            if manifest.skipped.count > 20 { print("  … and \(manifest.skipped.count - 20) more") }
        }
    }
}
