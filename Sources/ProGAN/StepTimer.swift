// StepTimer: how long one training step of a network takes, measured — what the pipeline's cost estimate
// extrapolates from (TrainingCostEstimate). The benchmark command's fuller report (parameters, memory, the
// peer's network) is Bench's TrainStepBenchmark, built on this.

import Foundation
import NN
import Tensors

public enum StepTimer {
    /// The mean seconds of `steps` training steps of `config`'s networks at its target resolution (fresh weights,
    /// seed 0), after `warmUp` untimed steps, on `real` ([batch, 3, R, R] in [-1, 1]) or on a fixed random batch;
    /// `alpha` < 1 times a fade-in step (both networks blend the newest block with the previous resolution's path);
    /// `resolution` (default: the target) a step of an earlier phase, 4 px included (the networks are built for the
    /// target, as in training). Also returns the networks, for a caller that reports their size.
    public static func secondsPerStep(_ config: ProGANConfig, batch: Int, steps: Int, warmUp: Int = 1,
                                      real given: Tensor? = nil, alpha: Float = 1,
                                      resolution: Int? = nil) throws -> (seconds: Double, generator: Generator, discriminator: Discriminator) {
        var rng = RNG(seed: 0)
        let g = Generator(config, rng: &rng), d = Discriminator(config, rng: &rng)
        let step = TrainingStep(config: config, generator: g, discriminator: d, average: nil)
        let r = resolution ?? config.targetResolution
        let real = given ?? Tensor.randomUniform([batch, 3, r, r], low: -1, high: 1, rng: &rng)
        for _ in 0..<warmUp { _ = try step.run(real: real, alpha: alpha, rng: &rng) }
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<steps { _ = try step.run(real: real, alpha: alpha, rng: &rng) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(max(steps, 1))
        return (seconds, g, d)
    }
}
