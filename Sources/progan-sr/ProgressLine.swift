// A live progress line on stderr: done/total, rate and time left, redrawn in place.

import Foundation

final class ProgressLine {
    let label: String
    let unit: String
    let start = Date()
    var lastDraw = Date.distantPast

    init(_ label: String, unit: String = "images") {
        self.label = label
        self.unit = unit
    }

    /// Redraws the line at `done` of `total`, followed by `detail` (losses, phase, …).
    func update(_ done: Int, of total: Int, detail: String = "") {
        let now = Date()
        guard done == total || now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let percent = total > 0 ? 100 * done / total : 100
        let line = String(format: "\r%@: %d/%d %@ (%d%%)  %.0f %@/s  ETA %@  %@ ", label, done, total, unit, percent, rate, unit,
                          ProgressLine.clock(eta), detail)
        FileHandle.standardError.write(Data(line.utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}

/// Progress lines by name, made on first use: one per training or evaluation a study reports.
final class ProgressLines {
    private var lines: [String: ProgressLine] = [:]

    func line(_ what: String, unit: String) -> ProgressLine {
        if let l = lines[what] { return l }
        let l = ProgressLine(what, unit: unit)
        lines[what] = l
        return l
    }
}
