// What the separable-placement study found (SeparablePlacementStudy): per mode, the plan (timed steps, the scale
// of its schedule), the wall and CPU time the run took, the images it saw, SWD at the end over several seeds and
// the curve of SWD against wall time. Written as placement.json and placement.txt.

import Foundation
import Metrics

public struct SeparablePlacementReport: Codable, Sendable {
    public struct Point: Codable, Sendable {
        public let seconds: Double
        public let images: Int
        public let swdAverage: Double
    }

    public struct Run: Codable, Sendable {
        public let separable: String
        public let secondsPerStep: [String: Double]
        public let scale: Double
        public let estimatedSeconds: Double
        /// The training loop's wall time (carried across resumes), and its CPU time when it ran in one process.
        public let wallSeconds: Double
        public let cpuSeconds: Double?
        public let images: Int
        /// SWD at the end, one result per seed.
        public let swd: [SWDResult]
        public let curve: [Point]

        public var swdLevels: [Int] { swd.first?.resolutions ?? [] }
        /// Mean and standard deviation over the seeds, per level, then of the average.
        public var perLevel: [(mean: Double, std: Double)] {
            swdLevels.indices.map { l in meanAndSampleStandardDeviation(swd.map { $0.perLevel[l] }) }.map { ($0.mean, $0.standardDeviation) }
        }
        public var average: (mean: Double, std: Double) {
            let s = meanAndSampleStandardDeviation(swd.map(\.average))
            return (s.mean, s.standardDeviation)
        }
    }

    public let date: String
    public let data: String
    public let resolution: Int
    public let budgetSeconds: Double
    /// Images per set for SWD, and how many reals the data set holds.
    public let images: Int
    public let realsAvailable: Int
    public let seeds: [UInt64]
    public let runs: [Run]
    public let chart: String

    /// The table: one row per mode, SWD ×1e3 as mean ± std over the seeds.
    public func table() -> String {
        let levels = runs.first?.swdLevels ?? []
        var lines = ["separable 3x3 placement at \(resolution) px, \(Int(budgetSeconds.rounded())) s of training planned per mode; "
                     + "SWD ×1e3 of G_ema against \(images) of \(realsAvailable) real images, mean ± std over seeds \(seeds.map(String.init).joined(separator: ", "))"]
        let header = ["separable", "s/step at \(resolution) px", "images", "wall s", "CPU s"] + levels.map { "SWD \($0) px" } + ["SWD avg"]
        var rows: [[String]] = [header]
        for run in runs {
            var row = [run.separable, String(format: "%.3f", run.secondsPerStep[String(resolution)] ?? .nan), String(run.images),
                       String(format: "%.0f", run.wallSeconds), run.cpuSeconds.map { String(format: "%.0f", $0) } ?? "-"]
            row += run.perLevel.map { String(format: "%.1f ± %.1f", $0.mean, $0.std) }
            row.append(String(format: "%.1f ± %.1f", run.average.mean, run.average.std))
            rows.append(row)
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max()! }
        for row in rows {
            lines.append(row.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
