// RunLog: the run folder's log.jsonl, one JSON object per line (losses, rates, wall time per step), so
// that curves can be drawn and a run compared with another. Appends; a resumed run continues the file.

import Foundation

public final class RunLog {
    public let url: URL
    private let handle: FileHandle

    public init(url: URL) throws {
        self.url = url
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw RunFolderError.cannotWrite(path: url.path, reason: "cannot create the log file")
            }
        }
        do { handle = try FileHandle(forWritingTo: url) } catch {
            throw RunFolderError.cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        handle.seekToEndOfFile()
    }

    deinit { try? handle.close() }

    /// Appends one record. Numbers that are not finite are written as strings ("nan"), which JSON allows.
    public func append(_ record: [String: Any]) {
        let clean = record.mapValues { v -> Any in
            if let f = v as? Float, !f.isFinite { return "\(f)" }
            if let d = v as? Double, !d.isFinite { return "\(d)" }
            return v
        }
        guard let data = try? JSONSerialization.data(withJSONObject: clean, options: [.sortedKeys]) else { return }
        handle.write(data + Data("\n".utf8))
    }

    /// Every record of a log file (lines that do not parse — a line cut by a crash — are skipped).
    public static func read(_ url: URL) -> [[String: Any]] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}

public enum RunFolderError: Error, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case noCheckpoint(folder: String)
    case inUse(folder: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        case .noCheckpoint(let folder): return "\(folder) has no checkpoint to resume from (expected checkpoint-*.safetensors)"
        case .inUse(let folder): return "\(folder) is being trained by another process (it holds \(folder)/.lock); wait for it or choose another folder"
        }
    }
}
