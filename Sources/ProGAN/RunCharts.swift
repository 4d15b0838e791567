// The run folder's pictures of its log: losses against images shown, and the cumulative training
// time with the resolution changes marked (the paper's Fig. 2 for one run).

import Foundation
import Imaging
import Runs

enum RunCharts {
    /// Writes losses.png and training-time.png into `folder` from its log.jsonl.
    static func write(folder: URL, schedule: ProgressiveSchedule) throws {
        let records = RunLog.read(folder.appendingPathComponent("log.jsonl"))
        guard records.count >= 2 else { return }
        // At most ~1,500 points per line, each the mean of its stretch of steps (curves stay readable).
        let stride = max(1, records.count / 1_500)
        func series(_ key: String, _ name: String) -> LineChart.Series {
            var points: [(x: Double, y: Double)] = []
            for start in Swift.stride(from: 0, to: records.count, by: stride) {
                let chunk = records[start..<min(start + stride, records.count)]
                let values = chunk.compactMap { ($0[key] as? NSNumber)?.doubleValue }
                guard let x = (chunk.last?["images"] as? NSNumber)?.doubleValue, !values.isEmpty else { continue }
                points.append((x, values.reduce(0, +) / Double(values.count)))
            }
            return .init(name: name, points: points)
        }
        let markers = schedule.segments.filter { $0.phase == .fadeIn || $0.start == 0 }
            .map { (x: Double($0.start), label: "\($0.resolution) px") }
        var losses = LineChart(title: "Stage one losses", xLabel: "images shown", yLabel: "loss",
                               series: [series("loss_d", "D (WGAN-GP)"), series("loss_g", "G"), series("gradient_penalty", "gradient penalty")])
        losses.markers = markers
        try losses.savePNG(to: folder.appendingPathComponent("losses.png"))
        var time = LineChart(title: "Cumulative training time", xLabel: "images shown", yLabel: "seconds",
                             series: [series("training_seconds", "wall time")])
        time.markers = markers
        try time.savePNG(to: folder.appendingPathComponent("training-time.png"))
    }
}
