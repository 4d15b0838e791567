// RunLog: the run folder's log.jsonl, one JSON object per line (losses, rates, wall time per step), so
// that curves can be drawn and a run compared with another. Appends; a resumed run continues the file.

import Foundation

public final class RunLog {
    public let url: URL
    private var handle: FileHandle

    public init(url: URL) throws {
        self.url = url
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw RunFolderError.cannotWrite(path: url.path, reason: "cannot create the log file")
            }
        }
        handle = try Self.openForAppending(url)
    }

    private static func openForAppending(_ url: URL) throws -> FileHandle {
        do {
            let handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            return handle
        } catch {
            throw RunFolderError.cannotWrite(path: url.path, reason: reason(error))
        }
    }

    /// Drops the records a resumed run is about to write again: those whose `key` (a position, such as
    /// "images" or "step") is beyond `position`, and any line cut short by a kill. Rewritten atomically.
    public func keepRecords(upTo position: Int, key: String) throws {
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let kept = text.split(separator: "\n").filter { line in
            guard let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return false }
            return ((record[key] as? NSNumber)?.intValue ?? 0) <= position
        }
        let joined = kept.map { $0 + "\n" }.joined()
        guard joined != text else { return }
        try? handle.close()
        do { try Data(joined.utf8).write(to: url, options: .atomic) } catch {
            throw RunFolderError.cannotWrite(path: url.path, reason: Self.reason(error))
        }
        handle = try Self.openForAppending(url)
    }

    deinit { try? handle.close() }

    /// Appends one record. Numbers that are not finite are written as strings ("nan"), which JSON allows.
    /// A failed write (a full disk, a file-size limit) throws naming the file.
    public func append(_ record: [String: Any]) throws {
        let clean = record.mapValues { v -> Any in
            if let f = v as? Float, !f.isFinite { return "\(f)" }
            if let d = v as? Double, !d.isFinite { return "\(d)" }
            return v
        }
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: clean, options: [.sortedKeys]) } catch {
            throw RunFolderError.cannotWrite(path: url.path, reason: "a log record is not JSON: \(error)")
        }
        do { try handle.write(contentsOf: data + Data("\n".utf8)) } catch {
            throw RunFolderError.cannotWrite(path: url.path, reason: Self.reason(error))
        }
    }

    /// The system's words for a failed write ("No space left on device", "File too large").
    public static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }

    /// Every record of a log file (lines that do not parse — a line cut by a crash — are skipped).
    public static func read(_ url: URL) -> [[String: Any]] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
