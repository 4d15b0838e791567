// Writing a safetensors file: float32 and uint8 tensors plus string metadata, atomically.
//
// Layout: keys sorted by name in the header; in the data area the F32 tensors first, then the U8
// ones, each group in name order (as huggingface/safetensors orders by alignment), so that every
// float32 tensor starts 4-byte aligned. The header is padded with spaces so that the data area
// starts at a multiple of 8 bytes.
//
// Atomic: the bytes go to a temporary file in the destination's folder, are fsync'ed, and the file is
// renamed over the destination; a reader sees either the old file or the whole new one, never a
// half-written checkpoint (a training run killed mid-save keeps its previous checkpoint).

import Foundation
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

public struct SafeTensorsWriter {
    private enum Values {
        case f32([Float])
        case u8([UInt8])

        var dtype: DType {
            switch self {
            case .f32: return .F32
            case .u8: return .U8
            }
        }
    }

    private struct Entry {
        let shape: [Int]
        let values: Values
    }

    private let metadata: [String: String]
    private var entries: [String: Entry] = [:]

    public init(metadata: [String: String] = [:]) {
        self.metadata = metadata
    }

    /// Adds a float32 tensor; `floats.count` must equal the product of `shape`.
    public mutating func add(_ name: String, shape: [Int], floats: [Float]) {
        insert(name, shape: shape, count: floats.count, .f32(floats))
    }

    /// Adds a uint8 tensor (images); `uint8.count` must equal the product of `shape`.
    public mutating func add(_ name: String, shape: [Int], uint8: [UInt8]) {
        insert(name, shape: shape, count: uint8.count, .u8(uint8))
    }

    private mutating func insert(_ name: String, shape: [Int], count: Int, _ values: Values) {
        precondition(name != "__metadata__", "SafeTensorsWriter: \"__metadata__\" is reserved for the metadata, not a tensor name")
        precondition(entries[name] == nil, "SafeTensorsWriter: the tensor \"\(name)\" was added twice")
        precondition(shape.allSatisfy { $0 >= 0 }, "SafeTensorsWriter: the tensor \"\(name)\" has a negative dimension in \(shape)")
        precondition(shape.reduce(1, *) == count, "SafeTensorsWriter: the tensor \"\(name)\" has shape \(shape) but \(count) values")
        entries[name] = Entry(shape: shape, values: values)
    }

    /// The header and the tensors in data order.
    private func layout() -> (header: [UInt8], order: [String]) {
        let order = entries.keys.sorted { a, b in
            let (da, db) = (entries[a]!.values.dtype.byteSize, entries[b]!.values.dtype.byteSize)
            return da != db ? da > db : a < b
        }
        var offsets: [String: (Int, Int)] = [:]
        var cursor = 0
        for name in order {
            let e = entries[name]!
            let bytes = e.shape.reduce(1, *) * e.values.dtype.byteSize
            offsets[name] = (cursor, cursor + bytes)
            cursor += bytes
        }
        var json = "{"
        var first = true
        if !metadata.isEmpty {
            json += "\"__metadata__\":{"
            json += metadata.keys.sorted().map { "\(Self.quoted($0)):\(Self.quoted(metadata[$0]!))" }.joined(separator: ",")
            json += "}"
            first = false
        }
        for name in entries.keys.sorted() {
            let e = entries[name]!, (begin, end) = offsets[name]!
            json += (first ? "" : ",")
                + "\(Self.quoted(name)):{\"dtype\":\"\(e.values.dtype.rawValue)\",\"shape\":[\(e.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(begin),\(end)]}"
            first = false
        }
        json += "}"
        var header = Array(json.utf8)
        while (8 + header.count) % 8 != 0 { header.append(0x20) }
        return (header, order)
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, the rest as UTF-8.
    private static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Writes the file atomically (temporary file in the same folder, fsync, rename over `url`).
    /// On any failure the temporary file is removed and `url` is left as it was.
    public func write(to url: URL) throws {
        let (header, order) = layout()
        let folder = url.deletingLastPathComponent().path
        let tempPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp").path

        let fd = open(tempPath, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            throw SafeTensorsError.cannotCreateTemporaryFile(path: tempPath, reason: "\(Self.errnoText()) in folder \(folder)")
        }
        var isOpen = true
        do {
            let length = UInt64(header.count).littleEndian
            try withUnsafeBytes(of: length) { try Self.writeAll(fd, $0, path: tempPath) }
            try Self.writeAll(fd, header, path: tempPath)
            for name in order {
                switch entries[name]!.values {
                case .f32(let v): try v.withUnsafeBytes { try Self.writeAll(fd, $0, path: tempPath) }
                case .u8(let v): try v.withUnsafeBytes { try Self.writeAll(fd, $0, path: tempPath) }
                }
            }
            guard fsync(fd) == 0 else { throw SafeTensorsError.writeFailed(path: tempPath, reason: "fsync: \(Self.errnoText())") }
            isOpen = false
            guard close(fd) == 0 else { throw SafeTensorsError.writeFailed(path: tempPath, reason: "close: \(Self.errnoText())") }
        } catch {
            if isOpen { close(fd) }
            unlink(tempPath)
            throw error
        }
        guard rename(tempPath, url.path) == 0 else {
            let reason = Self.errnoText()
            unlink(tempPath)
            throw SafeTensorsError.renameFailed(from: tempPath, to: url.path, reason: reason)
        }
        // Make the rename itself durable. A failure here leaves a complete file in place, so it is not an error.
        let dirFD = open(folder.isEmpty ? "." : folder, O_RDONLY)
        if dirFD >= 0 { fsync(dirFD); close(dirFD) }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { try writeAll(fd, $0, path: path) }
    }

    /// write(2) until every byte is out: it may write fewer bytes than asked, or be interrupted.
    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = systemWrite(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw SafeTensorsError.writeFailed(path: path, reason: errnoText())
            }
            done += n
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
