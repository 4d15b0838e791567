// DataFingerprint: a short hash that says whether a data set is still the one a run was trained on, so that a
// resumed run never silently goes on with other images (RunRecord, run.json).
//
//   a prepared data set   manifest.json's bytes + its smallest level file (every image at 4x4: cheap to read,
//                         and changed by any change of an image that is visible at all)
//   a folder of images    every file's relative path, size and bytes (sorted by path)
//   a file (weights)      its bytes
//
// The hash is 64-bit, word at a time (a multiply-xorshift mix in the style of wyhash/FNV): made to tell a
// changed data set from the same one, not to resist an adversary.

import Foundation

public enum DataFingerprint {
    /// "v1:<16 hex digits>" for the data set, image folder or file at `url`.
    public static func of(_ url: URL) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw DatasetError.sourceNotFound(path: url.path)
        }
        var hash = Hasher64()
        if !isDirectory.boolValue {
            try hash.add(fileAt: url)
        } else if FileManager.default.fileExists(atPath: url.appendingPathComponent(DatasetManifest.fileName).path) {
            let dataset = try Dataset(folder: url)
            try hash.add(fileAt: url.appendingPathComponent(DatasetManifest.fileName))
            if let smallest = dataset.resolutions.min(), let name = dataset.manifest.files[String(smallest)] {
                try hash.add(fileAt: url.appendingPathComponent(name))
            }
        } else {
            for path in try DatasetBuilder.listFiles(in: url) {
                hash.add(bytes: Array(path.utf8))
                try hash.add(fileAt: url.appendingPathComponent(path))
            }
        }
        return String(format: "v1:%016llx", hash.value)
    }
}

/// A 64-bit streaming hash over bytes, 8 at a time.
struct Hasher64 {
    private(set) var value: UInt64 = 0x9E37_79B9_7F4A_7C15

    mutating func add(word: UInt64) {
        value = (value ^ word) &* 0xBF58_476D_1CE4_E5B9
        value ^= value >> 31
    }

    /// Adds a byte run and its length (so that "ab"+"c" and "a"+"bc" differ).
    mutating func add(bytes: UnsafeRawBufferPointer) {
        var i = 0
        while i + 8 <= bytes.count { add(word: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)); i += 8 }
        var tail: UInt64 = 0
        for k in 0..<(bytes.count - i) { tail |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
        add(word: tail)
        add(word: UInt64(bytes.count))
    }

    mutating func add(bytes: [UInt8]) { bytes.withUnsafeBytes { add(bytes: $0) } }

    /// Adds a file's bytes (memory-mapped: the page cache holds them, not the heap).
    mutating func add(fileAt url: URL) throws {
        let file = try MappedFile(path: url.path)
        add(bytes: file.bytes)
    }
}
