// Errors of a run folder (locks, logs, records, resume rules), each printed for a person: which folder or
// file, what is wrong, and what to do.

import Foundation

public enum RunFolderError: Error, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case noCheckpoint(folder: String)
    case inUse(folder: String)
    case unreadableRecord(path: String, reason: String)
    case noRun(folder: String)
    case notThisStage(folder: String, expected: String, found: String)
    case resumeChangesRun(folder: String, changes: [SettingChange], safe: [String])
    case dataChanged(what: String, recorded: InputReference, now: String, detail: String)
    case needsData(folder: String)
    case notFound(what: String, path: String)
    /// A safetensors file whose metadata is not a ProGANSR training checkpoint of the stage asked for.
    case foreignCheckpoint(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        case .noCheckpoint(let folder): return "\(folder) has no checkpoint to resume from (expected checkpoint-*.safetensors)"
        case .inUse(let folder): return "\(folder) is being trained by another process (it holds \(folder)/.lock); wait for it or choose another folder"
        case .unreadableRecord(let path, let reason): return "\(path) is not a readable run record: \(reason)"
        case .noRun(let folder): return "\(folder) holds no run to resume (no config.json); start one with --out \(folder)"
        case .notThisStage(let folder, let expected, let found):
            return "\(folder) is a \(found) run, not a \(expected) run; resume it with the command that trains \(found)"
        case .resumeChangesRun(let folder, let changes, let safe):
            return "--resume \(folder) continues that run exactly as it was started, so these would make it another run:\n"
                + changes.map { "  \($0)" }.joined(separator: "\n")
                + "\nDrop these flags (the run's own settings are in \(folder)/config.json), or start a new run with --out. "
                + "Settings that may change on resume: \(safe.joined(separator: ", "))."
        case .dataChanged(let what, let recorded, let now, let detail):
            return "the run trained on the \(what) \(recorded.path) (fingerprint \(recorded.fingerprint)), but \(now) is not that \(what): \(detail). "
                + "Give --data with the run's own \(what), or start a new run"
        case .notFound(let what, let path): return "\(path) does not exist (expected \(what))"
        case .foreignCheckpoint(let path, let reason):
            return "\(path) is not a ProGANSR training checkpoint that this command can continue: \(reason)"
        case .needsData(let folder):
            return "\(folder) was made before runs recorded their data set (no run.json): give --data with the data set it trained on"
        }
    }
}
