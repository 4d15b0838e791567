// RunLock: one training process per run folder. Two processes writing the same checkpoints and logs
// would interleave them silently; the second one stops with an error instead. The lock is an
// flock on RUN/.lock, released by the kernel when the process ends, however it ends.

import Foundation

public final class RunLock {
    private let fd: Int32

    public init(folder: URL) throws {
        let path = folder.appendingPathComponent(".lock").path
        fd = open(path, O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { throw RunFolderError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw RunFolderError.inUse(folder: folder.path)
        }
    }

    /// Creates `folder` when missing and locks it. `created` says whether this call made the folder, so that a start
    /// that fails before it has recorded a run can remove it again and leave nothing behind.
    public static func creatingFolder(_ folder: URL) throws -> (lock: RunLock, created: Bool) {
        let created = !FileManager.default.fileExists(atPath: folder.path)
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw RunFolderError.cannotWrite(path: folder.path, reason: error.localizedDescription)
        }
        return (try RunLock(folder: folder), created)
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
