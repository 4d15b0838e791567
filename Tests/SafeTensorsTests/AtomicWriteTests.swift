// The writer's promise: a file is replaced whole or not at all, failures are typed errors naming the
// path, and no temporary file is left behind.

import Foundation
import SafeTensors
import XCTest

#if os(Linux)
private let fileSizeLimit = Int32(RLIMIT_FSIZE.rawValue)
#else
private let fileSizeLimit = RLIMIT_FSIZE
#endif

final class AtomicWriteTests: XCTestCase {
    private func writer(_ name: String, _ values: [Float]) -> SafeTensorsWriter {
        var w = SafeTensorsWriter(metadata: ["which": name])
        w.add(name, shape: [values.count], floats: values)
        return w
    }

    func testWritingOverAnExistingFileReplacesItWhole() throws {
        let scratch = ScratchFolder()
        let url = scratch.file("ckpt.safetensors")
        try writer("old", (0..<1000).map(Float.init)).write(to: url)
        try writer("new", [1, 2, 3]).write(to: url)
        let f = try SafeTensorsFile(contentsOf: url)
        XCTAssertEqual(f.names, ["new"])
        XCTAssertEqual(f.metadata, ["which": "new"])
        XCTAssertEqual(try f.floats("new"), [1, 2, 3])
        XCTAssertEqual(scratch.contents(), ["ckpt.safetensors"])
    }

    func testAFileOpenForReadingKeepsItsContentWhenReplaced() throws {
        // The rename gives the new bytes a new inode: a reader that mapped the old file still sees it whole.
        let scratch = ScratchFolder()
        let url = scratch.file("ckpt.safetensors")
        try writer("old", [7, 8]).write(to: url)
        let old = try SafeTensorsFile(contentsOf: url)
        try writer("new", [1]).write(to: url)
        XCTAssertEqual(try old.floats("old"), [7, 8])
        XCTAssertEqual(try SafeTensorsFile(contentsOf: url).names, ["new"])
    }

    func testWritingIntoAMissingFolderThrowsNamingThePath() throws {
        let scratch = ScratchFolder()
        let url = scratch.url.appendingPathComponent("no/such/folder/ckpt.safetensors")
        XCTAssertThrowsError(try writer("x", [1]).write(to: url)) { error in
            guard case .cannotCreateTemporaryFile(let path, let reason)? = error as? SafeTensorsError else {
                return XCTFail("expected cannotCreateTemporaryFile, got \(error)")
            }
            XCTAssertTrue(path.hasPrefix(url.deletingLastPathComponent().path + "/"), path)
            XCTAssertTrue(reason.contains("No such file or directory"), reason)
            XCTAssertTrue("\(error)".contains("no/such/folder"), "\(error)")
        }
        XCTAssertEqual(scratch.contents(), [])
    }

    func testWritingIntoAReadOnlyFolderThrowsNamingThePath() throws {
        // Permissions do not bind root, so as root the read-only folder is one on a read-only file system.
        let scratch = ScratchFolder()
        let folder: URL
        if geteuid() == 0 {
            #if os(Linux)
            folder = URL(fileURLWithPath: "/sys", isDirectory: true)
            #else
            folder = URL(fileURLWithPath: "/System", isDirectory: true)
            #endif
        } else {
            folder = scratch.url.appendingPathComponent("read-only", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        }
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let url = folder.appendingPathComponent("ckpt.safetensors")
        XCTAssertThrowsError(try writer("x", [1]).write(to: url)) { error in
            guard case .cannotCreateTemporaryFile(let path, _)? = error as? SafeTensorsError else {
                return XCTFail("expected cannotCreateTemporaryFile, got \(error)")
            }
            XCTAssertTrue(path.hasPrefix(folder.path + "/"), path)
            XCTAssertTrue("\(error)".contains(folder.path), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), before)
    }

    func testAFailedRenameLeavesNoTemporaryFileAndTheTargetUntouched() throws {
        // A non-empty folder where the file should go: rename(2) cannot replace it.
        let scratch = ScratchFolder()
        let url = scratch.file("ckpt.safetensors")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        try Data([1, 2, 3]).write(to: url.appendingPathComponent("inside"))
        XCTAssertThrowsError(try writer("x", [1]).write(to: url)) { error in
            guard case .renameFailed(let from, let to, _)? = error as? SafeTensorsError else {
                return XCTFail("expected renameFailed, got \(error)")
            }
            XCTAssertEqual(to, url.path)
            XCTAssertTrue(from.hasSuffix(".tmp"), from)
            XCTAssertTrue("\(error)".contains(url.path), "\(error)")
        }
        XCTAssertEqual(scratch.contents(), ["ckpt.safetensors"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: url.path), ["inside"])
    }

    func testAWriteThatFailsMidwayLeavesTheOldFileAndNoTemporaryFile() throws {
        // A full disk, imitated with a file-size limit: write(2) fails with EFBIG once the temporary
        // file reaches 256 bytes (SIGXFSZ is ignored so that the failure is an errno, as ENOSPC is).
        let scratch = ScratchFolder()
        let url = scratch.file("ckpt.safetensors")
        try writer("old", [1, 2]).write(to: url)
        var saved = rlimit()
        XCTAssertEqual(getrlimit(fileSizeLimit, &saved), 0)
        var small = saved
        small.rlim_cur = 256
        let previousHandler = signal(SIGXFSZ, SIG_IGN)
        XCTAssertEqual(setrlimit(fileSizeLimit, &small), 0)
        let result = Result { try writer("new", (0..<1000).map(Float.init)).write(to: url) }
        XCTAssertEqual(setrlimit(fileSizeLimit, &saved), 0)
        signal(SIGXFSZ, previousHandler)

        guard case .failure(let error) = result, case .writeFailed(let path, let reason)? = error as? SafeTensorsError else {
            return XCTFail("expected writeFailed, got \(result)")
        }
        XCTAssertTrue(path.hasPrefix(scratch.url.path + "/.ckpt.safetensors."), path)
        XCTAssertEqual(reason, "File too large")
        XCTAssertEqual(scratch.contents(), ["ckpt.safetensors"])
        XCTAssertEqual(try SafeTensorsFile(contentsOf: url).floats("old"), [1, 2])
    }
}
