// The paper's Fig. 2, reproduced: the same short progressive training with standard and with
// depthwise-separable convolutions, on the same data, and the cumulative wall time per resolution
// of each — the claim "separable trains about 2x faster", measured here.

import Foundation
import Imaging
import NN
import ProGAN

public struct TrainingSpeedComparison: Codable, Sendable {
    public struct Run: Codable, Sendable {
        public let separable: String
        /// Training seconds spent at each resolution, and cumulative at each resolution's end.
        public let secondsPerResolution: [String: Double]
        public let cumulativeSeconds: [String: Double]
        public let totalSeconds: Double
        public let images: Int
    }

    public let targetResolution: Int
    public let imagesPerPhase: Int
    public let runs: [Run]
    /// Standard over separable total time.
    public var speedup: Double { runs.count == 2 && runs[1].totalSeconds > 0 ? runs[0].totalSeconds / runs[1].totalSeconds : 0 }

    /// Trains `base` (with its phases set to `imagesPerPhase`) once per mode in `modes`, each in a run
    /// folder under `folder`, and writes train-speed.json and train-speed.png there.
    public static func run(base: ProGANConfig, imagesPerPhase: Int, modes: [SeparableMode] = [.none, .both], dataset: Dataset,
                           folder: URL, onStep: (SeparableMode, ProGANTrainer.StepReport) -> Void = { _, _ in }) throws -> TrainingSpeedComparison {
        // Every phase imagesPerPhase, and they are the whole run: a preset's total_kimg would train the last resolution on.
        var phased = base
        phased.fadeInImages = imagesPerPhase
        phased.stabilizeImages = imagesPerPhase
        phased.phaseImages = [:]
        phased.totalImages = 0
        var runs: [Run] = []
        var charts: [LineChart.Series] = []
        for mode in modes {
            var c = phased
            c.separable = mode
            c.swdImages = 0
            c.checkpointEveryImages = Int.max / 2
            let runFolder = folder.appendingPathComponent("separable-\(mode.rawValue)")
            try? FileManager.default.removeItem(at: runFolder)
            let trainer = try ProGANTrainer(config: c, dataset: dataset, folder: runFolder)
            var points: [(x: Double, y: Double)] = [(0, 0)]
            try trainer.train { report in
                onStep(mode, report)
                points.append((Double(report.imagesShown), trainer.trainingSeconds))
            }
            var cumulative: [String: Double] = [:], sum = 0.0
            for r in c.resolutions {
                sum += trainer.secondsPerResolution[r] ?? 0
                cumulative[String(r)] = sum
            }
            runs.append(Run(separable: mode.rawValue, secondsPerResolution: Dictionary(uniqueKeysWithValues: trainer.secondsPerResolution.map { (String($0.key), $0.value) }),
                            cumulativeSeconds: cumulative, totalSeconds: trainer.trainingSeconds, images: trainer.imagesShown))
            charts.append(.init(name: mode == .none ? "standard 3x3" : "separable (\(mode.rawValue))", points: points))
        }
        let result = TrainingSpeedComparison(targetResolution: base.targetResolution, imagesPerPhase: imagesPerPhase, runs: runs)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try enc.encode(result).write(to: folder.appendingPathComponent("train-speed.json"), options: .atomic)
        var chart = LineChart(title: "Cumulative training time, standard vs depthwise-separable (\(imagesPerPhase) images per phase)",
                              xLabel: "images shown", yLabel: "seconds", series: charts)
        chart.markers = ProgressiveSchedule(phased).segments.filter { $0.phase == .fadeIn || $0.start == 0 }.map { (Double($0.start), "\($0.resolution) px") }
        try chart.savePNG(to: folder.appendingPathComponent("train-speed.png"))
        return result
    }
}
