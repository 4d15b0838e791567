// SRStepBenchmark: milliseconds per stage-two training step, through `SRGANTrainer.trainStep` itself (batch
// drawing, forward, backward, Adam), on a preset's network and crops: phase 1 (SRResNet, pixel MSE) or phase 2
// (D step then G step). One warm-up step, then the median of the timed steps.

import Foundation
import NN
import SRGAN
import Tensors

public enum SRStepBenchmark {
    public struct Result: Sendable {
        public var phase: Int
        public var config: SRGANConfig
        /// Milliseconds of each timed step, in order.
        public var milliseconds: [Double]
        public var medianMilliseconds: Double { milliseconds.sorted()[milliseconds.count / 2] }
    }

    /// Runs `warmup + steps` steps of `phase` (1 or 2) of `config` on `data` and times the last `steps`.
    /// Phase 2 without VGG19 weights uses the d-features content loss (as `train-srgan` does).
    public static func run(config: SRGANConfig, data: SRTrainingData, phase: Int, steps: Int, warmup: Int = 1) throws -> Result {
        precondition(phase == 1 || phase == 2, "SRStepBenchmark: phase is 1 or 2, not \(phase)")
        precondition(steps >= 1 && warmup >= 0, "SRStepBenchmark: needs at least one timed step")
        var c = config
        c.phase1Steps = phase == 1 ? warmup + steps : 0
        c.phase2Steps = phase == 2 ? warmup + steps : 0
        if phase == 2 && c.contentLoss == .vgg19 { c.contentLoss = .dFeatures }
        let trainer = try SRGANTrainer(config: c, data: data, vgg19: nil)
        for _ in 0..<warmup { try trainer.trainStep() }
        var times: [Double] = []
        for _ in 0..<steps {
            let t = Date()
            try trainer.trainStep()
            times.append(Date().timeIntervalSince(t) * 1000)
        }
        return Result(phase: phase, config: c, milliseconds: times)
    }
}
