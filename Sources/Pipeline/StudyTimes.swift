// StudyTimes: each training of a study timed once, kept in OUT/study-times.json so that a study run again (after
// Ctrl-C, a kill, or to redraw its table) reports the times its trainings took, not the time it took to find them
// finished. Wall time is the training loop's own (carried across resumes by the runs' checkpoints); CPU time
// (getrusage, all threads) only when a training ran from its start to its end in one process.

import Foundation

/// What a study's training call did.
struct TrainingOutcome {
    let wallSeconds: Double
    let trainedFromStart: Bool
    let trainedNothing: Bool
}

struct StudyTimes {
    struct Entry: Codable {
        var wallSeconds: Double
        var cpuSeconds: Double?
    }

    let file: URL
    private var entries: [String: Entry]

    init(file: URL) {
        self.file = file
        entries = (try? JSONDecoder().decode([String: Entry].self, from: Data(contentsOf: file))) ?? [:]
    }

    var cpuSeconds: [String: Double] { entries.compactMapValues(\.cpuSeconds) }

    /// Runs `train` and returns the training's wall time: the recorded one when it was finished already.
    mutating func measure(_ name: String, _ train: () throws -> TrainingOutcome) throws -> Double {
        let cpuBefore = Self.processCPUSeconds()
        let outcome = try train()
        if outcome.trainedNothing, let recorded = entries[name] { return recorded.wallSeconds }
        let cpu = outcome.trainedFromStart ? Self.processCPUSeconds() - cpuBefore : nil
        entries[name] = Entry(wallSeconds: outcome.wallSeconds, cpuSeconds: cpu)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(entries).write(to: file, options: .atomic)
        return outcome.wallSeconds
    }

    /// User + system CPU time of this process, all threads.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
