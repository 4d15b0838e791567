// TrainingTime: how long a stage trained, read from its run's log.jsonl, and what kind of figure it is.
//
// Runs log `wall_seconds`, the training loop's wall time (steps, data, checkpoints, pictures, validation),
// carried across resumes. Runs written before it was logged have only their step times: stage one's cumulative
// `training_seconds`, stage two's `seconds_per_step` every few steps; their sum is reported as that, never as
// wall time. A run without a log has no figure (unknown, never 0).

import Foundation

public struct TrainingTime: Codable, Sendable, Equatable {
    public enum Measure: String, Codable, Sendable {
        /// The training loop's wall time (wall_seconds).
        case wallTime = "wall time"
        /// The sum of the step times: checkpoints, pictures and evaluation not included.
        case stepTimes = "sum of step times"
    }

    public let seconds: Double
    public let measure: Measure

    public init(seconds: Double, measure: Measure) {
        self.seconds = seconds
        self.measure = measure
    }

    /// The figure of the run in `path` (a checkpoint's folder when a file is given); nil without a log.
    public static func ofRun(_ path: URL) -> TrainingTime? {
        var isDir: ObjCBool = false
        FileManager.default.fileExists(atPath: path.path, isDirectory: &isDir)
        let folder = isDir.boolValue ? path : path.deletingLastPathComponent()
        let records = RunLog.read(folder.appendingPathComponent("log.jsonl"))
        guard !records.isEmpty else { return nil }
        func values(_ key: String) -> [Double] { records.compactMap { ($0[key] as? NSNumber)?.doubleValue } }
        if let wall = values("wall_seconds").max() { return TrainingTime(seconds: wall, measure: .wallTime) }
        if let steps = values("training_seconds").max() { return TrainingTime(seconds: steps, measure: .stepTimes) }
        var total = 0.0, previousStep = 0, found = false
        for r in records {
            guard let sps = (r["seconds_per_step"] as? NSNumber)?.doubleValue, let step = (r["step"] as? NSNumber)?.intValue else { continue }
            total += sps * Double(max(step - previousStep, 0))
            previousStep = step
            found = true
        }
        return found ? TrainingTime(seconds: total, measure: .stepTimes) : nil
    }

    /// "1234 s (wall time, from its log.jsonl)".
    public var label: String { String(format: "%.0f s (%@, from its log.jsonl)", seconds, measure.rawValue) }
}
