// The training-step benchmark: exactly the peer's network and step (progan_torch.py), timed the same
// way (one warm-up step, then the mean of `steps` steps on a fixed random batch).

import Foundation
import NN
import ProGAN
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

    /// The mean time of `steps` steps after `warmUp` untimed ones (ProGAN's StepTimer), on `real` or a fixed random batch,
    /// at fade-in weight `alpha` (1: a stabilise step).
    public static func run(_ c: ProGANConfig, batch: Int, steps: Int, warmUp: Int = 1, real: Tensor? = nil, alpha: Float = 1) throws -> Result {
        let (seconds, g, d) = try StepTimer.secondsPerStep(c, batch: batch, steps: steps, warmUp: warmUp, real: real, alpha: alpha)
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
