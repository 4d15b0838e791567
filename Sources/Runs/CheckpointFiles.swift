// CheckpointFiles: the checkpoints of a run folder, named by the images shown when they were written
// (checkpoint-000123456.safetensors), so that the newest is the last by name; older ones beyond
// `keep` are deleted after a new one is safely written.

import Foundation

public struct CheckpointFiles {
    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    public func url(forImagesShown shown: Int) -> URL {
        folder.appendingPathComponent(String(format: "checkpoint-%09d.safetensors", shown))
    }

    /// Every checkpoint, oldest first.
    public func all() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("checkpoint-") && $0.hasSuffix(".safetensors") }.sorted()
            .map { folder.appendingPathComponent($0) }
    }

    public var latest: URL? { all().last }

    /// Deletes all but the newest `keep` checkpoints (and any `.tmp` left by a killed write).
    public func prune(keep: Int) {
        let files = all()
        for url in files.dropLast(max(keep, 1)) { try? FileManager.default.removeItem(at: url) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for n in names where n.hasPrefix(".checkpoint-") || (n.hasPrefix("checkpoint-") && n.hasSuffix(".tmp")) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(n))
        }
    }
}
