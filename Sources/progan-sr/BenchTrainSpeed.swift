// progan-sr bench train-speed: the paper's Fig. 2 — short trainings with standard and separable
// convolutions on the same data; cumulative wall time per resolution, as a PNG and JSON.

import ArgumentParser
import Bench
import Foundation
import Imaging
import ProGAN

struct BenchTrainSpeed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-speed",
        abstract: "Train the same short schedule with standard and separable 3x3 convolutions; plot cumulative time per resolution.")

    @Option(name: [.long, .customLong("target-res")], help: "Last resolution (the config field targetResolution).") var targetResolution = 64
    @Option(help: "Images per fade-in and per stabilise phase.") var imagesPerPhase = 2_000
    @Option(help: "Prepared data set (default: the embedded emoji, prepared into OUT/data).") var data: String?
    @Option(help: "Output folder (train-speed.png, train-speed.json, one run folder per mode).") var out = "runs/train-speed"
    @Option(help: "Preset for the network (latent, fmap, minibatch).") var preset = "stage1-demo"

    func validate() throws {
        try ArgumentChecks.atLeast(imagesPerPhase, 1, "--images-per-phase")
        do { _ = try config() } catch ProGANError.invalidConfig(let field, let reason) {
            let error = ProGANError.invalidConfig(field: field, reason: reason)
            throw ArgumentChecks.flagError(error, field: field, given: ["targetResolution": "--target-resolution (--target-res)"]) ?? error
        }
        try ArgumentChecks.outputFolder(out)
    }

    /// The preset's network trained to --target-resolution.
    func config() throws -> ProGANConfig {
        var base = try ProGANConfig.load(try Presets.url(preset))
        base.targetResolution = targetResolution
        try base.validate()
        return base
    }

    func run() throws {
        let base = try config()
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let dataset: Dataset
        if let data { dataset = try Dataset(folder: URL(fileURLWithPath: data, isDirectory: true)) } else {
            let prepared = folder.appendingPathComponent("data", isDirectory: true)
            if !FileManager.default.fileExists(atPath: prepared.path) {
                var options = DatasetOptions()
                options.resolution = targetResolution
                try DatasetBuilder.prepare(source: EmbeddedSamples.folder, output: prepared, options: options)
            }
            dataset = try Dataset(folder: prepared)
        }
        var lines: [SeparableMode: ProgressLine] = [:]
        let result = try TrainingSpeedComparison.run(base: base, imagesPerPhase: imagesPerPhase, dataset: dataset, folder: folder) { mode, r in
            let line = lines[mode] ?? ProgressLine("separable \(mode.rawValue)", unit: "img")
            lines[mode] = line
            line.update(r.imagesShown, of: r.totalImages, detail: "\(r.resolution)px")
        }
        print("cumulative training seconds at the end of each resolution")
        print("mode      " + base.resolutions.map { String(format: "%8dpx", $0) }.joined())
        for run in result.runs {
            print(run.separable.padding(toLength: 10, withPad: " ", startingAt: 0)
                  + base.resolutions.map { String(format: "%10.1f", run.cumulativeSeconds[String($0)] ?? 0) }.joined())
        }
        print(String(format: "separable is %.2fx faster in total; figure: %@/train-speed.png", result.speedup, out))
    }
}
