// The training-step benchmark: exactly the peer's network and step (progan_torch.py), timed the same
// way (one warm-up step, then the mean of `steps` steps on a fixed random batch).

import Foundation
import NN
import Tensors

public enum TrainStepBenchmark {
    public struct Result: Sendable {
        public let resolution, batch: Int
        public let separable: SeparableMode
        public let secondsPerStep: Double
        public let generatorParameters, discriminatorParameters: Int
        /// Peak resident memory of the process, MB.
        public let maxRSSMegabytes: Double
        public var imagesPerSecond: Double { Double(batch) / secondsPerStep }
    }

    /// The peer's defaults: latent 128, fmap base 1024, max 128.
    public static func config(resolution: Int, separable: SeparableMode, latent: Int = 128, fmapBase: Int = 1024, fmapMax: Int = 128) -> ProGANConfig {
        var c = ProGANConfig()
        c.targetResolution = resolution
        c.separable = separable
        c.latentSize = latent
        c.fmapBase = fmapBase
        c.fmapMax = fmapMax
        return c
    }

    /// The mean time of `steps` steps after `warmUp` untimed ones, on `real` ([batch, 3, R, R] in [-1, 1]) or on a
    /// fixed random batch.
    public static func run(_ c: ProGANConfig, batch: Int, steps: Int, warmUp: Int = 1, real given: Tensor? = nil) throws -> Result {
        var rng = RNG(seed: 0)
        let g = Generator(c, rng: &rng), d = Discriminator(c, rng: &rng)
        let step = TrainingStep(config: c, generator: g, discriminator: d, average: nil)
        let real = given ?? Tensor.randomUniform([batch, 3, c.targetResolution, c.targetResolution], low: -1, high: 1, rng: &rng)
        for _ in 0..<warmUp { _ = try step.run(real: real, alpha: 1, rng: &rng) }
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<steps { _ = try step.run(real: real, alpha: 1, rng: &rng) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(steps)
        return Result(resolution: c.targetResolution, batch: batch, separable: c.separable, secondsPerStep: seconds,
                      generatorParameters: g.parameterCount, discriminatorParameters: d.parameterCount,
                      maxRSSMegabytes: peakRSSMegabytes())
    }

    /// The process's peak resident set size (getrusage; kilobytes on Linux).
    public static func peakRSSMegabytes() -> Double {
        #if os(Linux)
        let RUSAGE_SELF_WHO = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
        let RUSAGE_SELF_WHO = RUSAGE_SELF
        #endif
        var usage = rusage()
        getrusage(RUSAGE_SELF_WHO, &usage)
        #if os(Linux)
        return Double(usage.ru_maxrss) / 1024
        #else
        return Double(usage.ru_maxrss) / 1_048_576
        #endif
    }
}
