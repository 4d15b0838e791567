// A safetensors file (https://github.com/huggingface/safetensors) opened for reading: memory-mapped,
// its header validated up front (see Header.swift), its tensors copied out on request as
// float32 / uint8 / int64 arrays.
//
// Layout of a file: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
// (`{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}}`),
// then the data area, which the offsets index.
//
// NOTE: a mapped file that another process truncates in place would fault on access; the writer
// never does that (it renames a new file over the old one, which keeps the old bytes alive for
// readers that mapped them).

import Foundation

#if !_endian(little)
#error("safetensors data is little-endian; SafeTensors copies it as is and needs a little-endian host")
#endif

public final class SafeTensorsFile: Sendable {
    public let url: URL
    /// The header's `__metadata__` (the format allows only string values).
    public let metadata: [String: String]

    private let data: Data  // the whole file, memory-mapped
    private let dataStart: Int  // 8 + header length
    private let tensors: [String: TensorInfo]

    /// Maps the file and validates its header; throws `SafeTensorsError` naming the file and the problem.
    public init(contentsOf url: URL) throws {
        let path = url.path
        // Only regular files: mapping /dev/zero or reading a FIFO would never end.
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw SafeTensorsError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw SafeTensorsError.cannotOpen(path: path, reason: "not a regular file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw SafeTensorsError.cannotOpen(path: path, reason: Self.reason(error))
        }
        guard data.count >= 8 else { throw SafeTensorsError.fileTooShort(path: path, size: data.count) }
        let headerLength = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerLength <= UInt64(Header.maxHeaderLength) else {
            throw SafeTensorsError.headerTooLarge(path: path, headerLength: headerLength, limit: Header.maxHeaderLength)
        }
        guard headerLength <= UInt64(data.count - 8) else {
            throw SafeTensorsError.headerBeyondFile(path: path, headerLength: headerLength, fileSize: data.count)
        }
        let dataStart = 8 + Int(headerLength)
        let header = try data.withUnsafeBytes { raw throws(SafeTensorsError) in
            try Header.parse(UnsafeRawBufferPointer(rebasing: raw[8..<dataStart]), dataSize: data.count - dataStart, path: path)
        }
        self.url = url
        self.data = data
        self.dataStart = dataStart
        self.tensors = header.tensors
        self.metadata = header.metadata
    }

    /// The tensor names, sorted.
    public var names: [String] { tensors.keys.sorted() }

    /// The header entry of a tensor, or nil when the file has no tensor of that name.
    public func info(_ name: String) -> TensorInfo? { tensors[name] }

    public func shape(_ name: String) throws -> [Int] { try require(name).shape }

    /// The tensor as float32: F32 as is, F16 / BF16 widened exactly, U8 and I64 converted
    /// (I64 beyond 2^24 rounds to the nearest float).
    public func floats(_ name: String) throws -> [Float] {
        let info = try require(name)
        let n = info.elementCount
        return withBytes(of: info) { src in
            [Float](unsafeUninitializedCapacity: n) { out, count in
                switch info.dtype {
                case .F32:
                    if n > 0 { UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: src.baseAddress!, byteCount: n * 4) }
                case .F16:
                    for i in 0..<n { out[i] = HalfFloats.float(fromF16: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
                case .BF16:
                    for i in 0..<n { out[i] = HalfFloats.float(fromBF16: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
                case .U8:
                    for i in 0..<n { out[i] = Float(src[i]) }
                case .I64:
                    for i in 0..<n { out[i] = Float(src.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self)) }
                }
                count = n
            }
        }
    }

    /// A U8 tensor's bytes (images); any other dtype is a `.wrongDType` error.
    public func uint8(_ name: String) throws -> [UInt8] {
        let info = try require(name, dtype: .U8)
        return withBytes(of: info) { Array($0) }
    }

    /// An I64 tensor (PyTorch's BatchNorm `num_batches_tracked`); any other dtype is a `.wrongDType` error.
    public func int64(_ name: String) throws -> [Int64] {
        let info = try require(name, dtype: .I64)
        let n = info.elementCount
        return withBytes(of: info) { src in
            [Int64](unsafeUninitializedCapacity: n) { out, count in
                if n > 0 { UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: src.baseAddress!, byteCount: n * 8) }
                count = n
            }
        }
    }

    private func require(_ name: String, dtype: DType? = nil) throws(SafeTensorsError) -> TensorInfo {
        guard let info = tensors[name] else { throw .missingTensor(name: name, path: url.path) }
        if let dtype, info.dtype != dtype { throw .wrongDType(path: url.path, name: name, dtype: info.dtype, expected: [dtype]) }
        return info
    }

    /// Calls `body` with the tensor's bytes (validated at init to lie inside the file).
    private func withBytes<R>(of info: TensorInfo, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        data.withUnsafeBytes { raw in
            body(UnsafeRawBufferPointer(rebasing: raw[(dataStart + info.byteRange.lowerBound)..<(dataStart + info.byteRange.upperBound)]))
        }
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}
