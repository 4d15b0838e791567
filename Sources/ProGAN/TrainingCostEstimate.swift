// What stage one saved: the time ProGAN would need to go on training from the run's last resolution
// up to the resolution the pipeline outputs, with the same schedule — an extrapolation from measured steps:
// at each missing resolution, `steps` training steps (20 by default, after 2 untimed warm-up steps) on a batch
// of real images timed (StepTimer), times the steps of its phases. Data loading, checkpoints and
// pictures are not in it: a run's wall time is longer (the two-stage study measures it).
//
// "The same schedule": ProGANConfig.continued(to:), as the two-stage study trains it.

import Foundation
import Tensors

public struct MissingResolutionCost: Codable, Sendable {
    public let resolution: Int
    public let batch: Int
    /// Fade-in plus stabilise images.
    public let images: Int
    public let secondsPerStep: Double
    /// Steps timed for `secondsPerStep`.
    public let timedSteps: Int
    public var estimatedSeconds: Double { Double(images) / Double(batch) * secondsPerStep }
}

public enum TrainingCostEstimate {
    /// The missing resolutions (above the run's target, up to `outputResolution`), each measured with
    /// `steps` timed steps of the run's network, on `real(resolution, batch)` ([batch, 3, R, R] in [-1, 1]).
    public static func missing(config c: ProGANConfig, outputResolution: Int, steps: Int = 20,
                               real: (Int, Int) throws -> Tensor) throws -> [MissingResolutionCost] {
        var out: [MissingResolutionCost] = []
        var r = c.targetResolution * 2
        let full = c.continued(to: max(outputResolution, c.targetResolution))
        while r <= outputResolution {
            var bench = c
            bench.targetResolution = r
            let batch = full.minibatchSize(resolution: r)
            let images = full.fadeInImages(resolution: r) + full.stabilizeImages(resolution: r)
            let measured = try StepTimer.secondsPerStep(bench, batch: batch, steps: steps, warmUp: 2, real: try real(r, batch))
            out.append(MissingResolutionCost(resolution: r, batch: batch, images: images, secondsPerStep: measured.seconds,
                                             timedSteps: steps))
            r *= 2
        }
        return out
    }
}
