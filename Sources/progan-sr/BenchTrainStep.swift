// progan-sr bench train-step: one ProGAN WGAN-GP step, the same network and step as the PyTorch peer
// (progan_torch.py), so compare.py can print the ratio.

import ArgumentParser
import Bench
import Foundation
import ProGAN
import Tensors

struct BenchTrainStep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-step",
        abstract: "Seconds per ProGAN training step (D step with gradient penalty, then G step), as progan_torch.py."
    )

    @Option(help: "Resolution of the networks (4…128).") var res = 32
    @Option(help: "Minibatch size.") var batch = 16
    @Option(help: "Separable 3x3 convolutions in: none, g, d, both.") var separable: SeparableMode = .both
    @Option(help: "Latent size.") var latent = 128
    @Option(help: "fmap_base (channels = min(base / 2^stage, max)).") var fmapBase = 1024
    @Option(help: "fmap_max.") var fmapMax = 128
    @Option(help: "Timed steps (after one warm-up step).") var steps = 10
    @Option(help: "Fade-in weight of the newest block (1: a stabilise step; below 1: a fade-in step, both paths run).") var alpha: Float = 1

    /// The benchmark's network, with the minibatch it is run at (so that its checks cover --batch too).
    func config() -> ProGANConfig {
        var c = TrainStepBenchmark.config(resolution: res, separable: separable, latent: latent, fmapBase: fmapBase, fmapMax: fmapMax)
        c.minibatchDefault = batch
        return c
    }

    func validate() throws {
        try ArgumentChecks.atLeast(steps, 1, "--steps")
        guard alpha >= 0, alpha <= 1 else { throw usageError("--alpha must be in [0, 1], got \(alpha)") }
        do { try config().validate() } catch ProGANError.invalidConfig(let field, let reason) {
            let flags = ["targetResolution": "--res", "latentSize": "--latent", "fmapBase": "--fmap-base", "fmapMax": "--fmap-max", "minibatch": "--batch"]
            let error = ProGANError.invalidConfig(field: field, reason: reason)
            throw ArgumentChecks.flagError(error, field: field, given: flags) ?? ValidationError("\(error)")
        }
    }

    func run() throws {
        let c = config()
        let r = try TrainStepBenchmark.run(c, batch: batch, steps: steps, alpha: alpha)
        print(String(format: "res %d batch %d separable %@\(alpha < 1 ? " fade-in α \(alpha)" : ""): %.3f s/step, %.1f img/s, G %d / D %d parameters, peak RSS %.0f MB, %d threads",
                     r.resolution, r.batch, r.separable.rawValue, r.secondsPerStep, r.imagesPerSecond,
                     r.generatorParameters, r.discriminatorParameters, r.maxRSSMegabytes, Parallel.workers))
        print(jsonLine(["res": r.resolution, "batch": r.batch, "sep": r.separable.rawValue, "step_s": r.secondsPerStep,
                        "img_s": r.imagesPerSecond, "g_params": r.generatorParameters, "d_params": r.discriminatorParameters,
                        "maxrss_mb": r.maxRSSMegabytes, "alpha": Double(alpha), "threads": Parallel.workers]))
    }
}

extension SeparableMode: ExpressibleByArgument {}
