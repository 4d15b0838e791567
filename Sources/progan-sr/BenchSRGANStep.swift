// progan-sr bench srgan-step: milliseconds per stage-two training step (SRGAN/SRStepBenchmark) on a preset's
// SRResNet and crops, with the embedded emoji as data.

import ArgumentParser
import Bench
import Foundation
import Imaging
import SRGAN

struct BenchSRGANStep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "srgan-step",
        abstract: "Milliseconds per SRGAN training step (phase 1: SRResNet pixel MSE; phase 2: D then G), median of timed steps.")

    @Option(help: "Preset name in Stages/ or a JSON file.") var preset = "stage2-demo"
    @Option(help: "1 (SRResNet, pixel MSE) or 2 (SRGAN: D step then G step).") var phase = 1
    @Option(help: "Timed steps (after one warm-up step).") var steps = 20
    @Option(help: "Minibatch size (overrides the preset).") var batchSize: Int?

    func validate() throws {
        guard phase == 1 || phase == 2 else { throw ValidationError("--phase is 1 or 2, not \(phase)") }
        try ArgumentChecks.atLeast(steps, 1, "--steps")
        do { _ = try config() } catch SRGANError.invalidConfig(let field, let reason) {
            let error = SRGANError.invalidConfig(field: field, reason: reason)
            throw ArgumentChecks.flagError(error, field: field, given: batchSize == nil ? [:] : ["batchSize": "--batch-size"]) ?? error
        }
    }

    /// The preset with --batch-size over it.
    func config() throws -> SRGANConfig {
        var config = try SRGANConfig.load(Presets.url(preset))
        if let batchSize { config.batchSize = batchSize }
        try config.validate()
        return config
    }

    func run() throws {
        let config = try config()
        let data = try SRTrainingData.load(from: EmbeddedSamples.folder, scale: config.upscale,
                                           kernel: ResizeKernel(name: config.downsampleKernel),
                                           validationImages: config.validationImages, minimumSide: config.hrCrop)
        let r = try SRStepBenchmark.run(config: config, data: data, phase: phase, steps: steps)
        print(String(format: "srresnet %dx%d phase %d, batch %d, %d->%d: %.1f ms/step (median of %d; min %.1f, max %.1f)",
                     config.blocks, config.channels, phase, config.batchSize, config.lrCrop, config.hrCrop,
                     r.medianMilliseconds, steps, r.milliseconds.min()!, r.milliseconds.max()!))
        print(jsonLine(["op": "srgan-step", "phase": phase, "blocks": config.blocks, "channels": config.channels,
                        "batch": config.batchSize, "hr": config.hrCrop, "ms": (r.medianMilliseconds * 1000).rounded() / 1000]))
    }
}
