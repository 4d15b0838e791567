// ResumeRules: what `--resume RUN` may change. A resumed run is the run that was started, continued bit for
// bit; a flag that would change what it computes (a resolution, a learning rate, a seed, the data) would
// silently make it another run, so it is refused, with every difference listed. The few settings that only
// change what is written around the training (how often checkpoints are written, how many are kept, the
// sample grid's size, how many images SWD uses) may change, and the run says so.

import Foundation

/// One setting that differs between a run and what a resume asked for.
public struct SettingChange: Equatable, CustomStringConvertible, Sendable {
    public var field: String
    public var run: String
    public var asked: String
    public var description: String { "\(field): the run has \(run), this command gives \(asked)" }
}

public enum ResumeRules {
    /// The settings that differ between `run` and `asked` (compared as their JSON fields), by field name.
    public static func differences<Config: Encodable>(run: Config, asked: Config) throws -> [SettingChange] {
        let a = try fields(run), b = try fields(asked)
        return Set(a.keys).union(b.keys).sorted().compactMap { key in
            let x = a[key] ?? "(not set)", y = b[key] ?? "(not set)"
            return x == y ? nil : SettingChange(field: key, run: x, asked: y)
        }
    }

    /// The changes `asked` makes to `run`: throws `RunFolderError.resumeChangesRun` listing every change outside
    /// `safe`; returns the safe ones (for the caller to apply and announce).
    public static func check<Config: Encodable>(run: Config, asked: Config, safe: Set<String>, folder: URL) throws -> [SettingChange] {
        let changes = try differences(run: run, asked: asked)
        let refused = changes.filter { !safe.contains($0.field) }
        if !refused.isEmpty { throw RunFolderError.resumeChangesRun(folder: folder.path, changes: refused, safe: safe.sorted()) }
        return changes
    }

    /// Each top-level field of a value's JSON, as canonical JSON text (sorted keys).
    static func fields<Config: Encodable>(_ value: Config) throws -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let object = try JSONSerialization.jsonObject(with: encoder.encode(value)) as? [String: Any] else { return [:] }
        var out: [String: String] = [:]
        for (key, v) in object {
            let data = try JSONSerialization.data(withJSONObject: [v], options: [.sortedKeys, .fragmentsAllowed])
            out[key] = String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
        }
        return out
    }

    /// The data set of a run: `given` (a --data flag, may be nil) checked against the recorded one. The same
    /// fingerprint at another path is the same data (a moved folder); another fingerprint is refused, naming both.
    public static func data(recorded: InputReference, given: URL?, what: String = "data set",
                            fingerprint: (URL) throws -> String) throws -> URL {
        let url = given?.standardizedFileURL ?? URL(fileURLWithPath: recorded.path, isDirectory: true)
        let now: String
        do { now = try fingerprint(url) } catch {
            throw RunFolderError.dataChanged(what: what, recorded: recorded, now: url.path, detail: "it cannot be read: \(error)")
        }
        guard now == recorded.fingerprint else {
            throw RunFolderError.dataChanged(what: what, recorded: recorded, now: url.path,
                                             detail: "its fingerprint is now \(now)")
        }
        return url
    }
}
