// Building safetensors files byte by byte for the tests, and a scratch folder to put them in.

import Foundation
import SafeTensors
import XCTest

enum RawFiles {
    /// An 8-byte little-endian length, the header bytes, then the data bytes.
    static func bytes(header: [UInt8], data: [UInt8], lengthField: UInt64? = nil) -> [UInt8] {
        let n = lengthField ?? UInt64(header.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } + header + data
    }

    static func bytes(header: String, data: [UInt8]) -> [UInt8] {
        bytes(header: Array(header.utf8), data: data)
    }

    /// Little-endian bytes of integers and floats.
    static func le<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { v in (0..<MemoryLayout<T>.size).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    }
    static func le(_ values: [Float]) -> [UInt8] { le(values.map(\.bitPattern)) }
}

/// A fresh folder under the system temporary folder, removed when the test case ends.
final class ScratchFolder {
    let url: URL

    init(_ name: String = #function) {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("SafeTensorsTests-\(safe)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))", isDirectory: true)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Writes raw bytes to `name` and returns its URL.
    func write(_ bytes: [UInt8], to name: String) -> URL {
        let u = file(name)
        Self.write(bytes, to: u)
        return u
    }

    /// Replaces `url` with a new file holding `bytes`. A new inode each time, so that a file still
    /// mapped by an earlier reader is never truncated under it; plain POSIX calls, because
    /// Foundation's Data.write takes milliseconds per file here and the fuzz test writes thousands.
    static func write(_ bytes: [UInt8], to url: URL) {
        unlink(url.path)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        precondition(fd >= 0, "cannot create \(url.path)")
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, $0.count - done) }
            precondition(n > 0, "cannot write \(url.path)")
            done += n
        }
    }

    /// The names in the folder (to check that no temporary file is left behind).
    func contents() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }
}
