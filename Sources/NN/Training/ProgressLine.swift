// ProgressLine: one live line on the terminal (stderr) for long work: what, how far, rate, ETA.
// Redrawn at most a few times a second; a plain line per update when stderr is not a terminal.

import Foundation

public final class ProgressLine {
    private let total: Double
    private let unit: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let minInterval: TimeInterval

    /// - Parameters: total: the amount of work (images, steps…) in `unit`s.
    public init(total: Double, unit: String) {
        self.total = total
        self.unit = unit
        minInterval = isatty(STDERR_FILENO) != 0 ? 0.25 : 10
    }

    /// Redraws the line at `done` units with extra `detail` (losses, α, …).
    public func update(_ done: Double, _ detail: String = "", force: Bool = false) {
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= minInterval else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? done / elapsed : 0
        let eta = rate > 0 ? (total - done) / rate : 0
        let pct = total > 0 ? 100 * done / total : 100
        let line = String(format: "%5.1f%% %@ %@/s ETA %@  %@", pct, Self.count(done, unit: unit), Self.count(rate, unit: unit),
                          Self.duration(eta), detail)
        FileHandle.standardError.write(Data(((isTerminal ? "\r\u{1B}[K" : "") + line + (isTerminal ? "" : "\n")).utf8))
    }

    /// Ends the line (moves to the next one).
    public func finish(_ message: String = "") {
        let elapsed = Date().timeIntervalSince(start)
        FileHandle.standardError.write(Data(((isTerminal ? "\r\u{1B}[K" : "") + "done in \(Self.duration(elapsed)) \(message)\n").utf8))
    }

    static func count(_ x: Double, unit: String) -> String {
        x >= 1e6 ? String(format: "%.2fM %@", x / 1e6, unit) : x >= 1e4 ? String(format: "%.1fk %@", x / 1e3, unit)
            : String(format: "%.1f %@", x, unit)
    }

    public static func duration(_ s: Double) -> String {
        guard s.isFinite else { return "?" }
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%dh%02dm", t / 3600, t / 60 % 60) : t >= 60 ? String(format: "%dm%02ds", t / 60, t % 60) : "\(t)s"
    }
}
