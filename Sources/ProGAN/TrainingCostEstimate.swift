// What stage one saved: the time ProGAN would need to go on training from the run's last resolution
// up to the resolution the pipeline outputs, with the same schedule — measured, not assumed: one
// benchmark of the training step at each missing resolution (TrainStepBenchmark), times the images of
// its phases.
//
// "The same schedule": a missing resolution takes its phase lengths from the run's `phaseImages` when
// listed there, else the phase lengths of the run's last resolution (a per-resolution schedule carried
// on as it was); runs with global phase lengths keep them.

import Foundation

public struct MissingResolutionCost: Codable, Sendable {
    public let resolution: Int
    public let batch: Int
    /// Fade-in plus stabilise images.
    public let images: Int
    public let secondsPerStep: Double
    public var estimatedSeconds: Double { Double(images) / Double(batch) * secondsPerStep }
}

public enum TrainingCostEstimate {
    /// The missing resolutions (above the run's target, up to `outputResolution`), each measured with
    /// `steps` timed steps of the run's network.
    public static func missing(config c: ProGANConfig, outputResolution: Int, steps: Int = 2) throws -> [MissingResolutionCost] {
        var out: [MissingResolutionCost] = []
        var r = c.targetResolution * 2
        let lastFade = c.fadeInImages(resolution: c.targetResolution), lastStable = c.stabilizeImages(resolution: c.targetResolution)
        while r <= outputResolution {
            var bench = c
            bench.targetResolution = r
            let batch = c.minibatchSize(resolution: r)
            let images = (c.phaseImages[String(r)].map { 2 * $0 }) ?? (c.phaseImages.isEmpty ? c.fadeInImages + c.stabilizeImages : lastFade + lastStable)
            let measured = try TrainStepBenchmark.run(bench, batch: batch, steps: steps)
            out.append(MissingResolutionCost(resolution: r, batch: batch, images: images, secondsPerStep: measured.secondsPerStep))
            r *= 2
        }
        return out
    }
}
