// The libvips runtime: started once per process, its error buffer turned into Swift errors, and an
// owning reference to a VipsImage so that every intermediate image of a chain is released.

import CVipsShim

public enum Vips {
    /// Starts libvips (once; thread-safe through pthread_once in the shim).
    public static func start() throws {
        if shim_init() != 0 {
            throw ImagingError.vipsUnavailable(reason: takeError())
        }
    }

    /// The text of libvips' error buffer, cleared after reading. Multi-line messages are joined.
    static func takeError() -> String {
        var buffer = [CChar](repeating: 0, count: 2048)
        shim_take_error(&buffer, buffer.count)
        let text = String(cString: buffer)
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.isEmpty ? "unknown libvips error" : lines.joined(separator: "; ")
    }

    /// libvips' own worker threads per pipeline (1 for single-thread timings and when the caller
    /// already runs one image per core; 0 restores libvips' default).
    public static func setConcurrency(_ threads: Int) {
        shim_set_concurrency(Int32(threads))
    }
}

/// An owned VipsImage*; released when the Swift object goes.
final class VipsImageRef {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { shim_unref(pointer) }

    var width: Int { Int(shim_width(pointer)) }
    var height: Int { Int(shim_height(pointer)) }
    var bands: Int { Int(shim_bands(pointer)) }
    var isUChar: Bool { shim_format(pointer) == 0 }
    var hasAlpha: Bool { shim_has_alpha(pointer) != 0 }

    /// Runs one shim operation producing a new image; a failure becomes `makeError(reason)`.
    func apply(_ makeError: (String) -> ImagingError,
               _ op: (OpaquePointer, UnsafeMutablePointer<OpaquePointer?>) -> Int32) throws -> VipsImageRef {
        var out: OpaquePointer?
        guard op(pointer, &out) == 0, let result = out else { throw makeError(Vips.takeError()) }
        return VipsImageRef(result)
    }

    /// Computes the image and copies its pixels (HWC, uchar) into an array.
    func pixels(_ makeError: (String) -> ImagingError) throws -> [UInt8] {
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard shim_to_memory(pointer, &data, &size) == 0, let data else { throw makeError(Vips.takeError()) }
        defer { shim_free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// A uchar image over a copy of `pixels` (HWC).
    static func from(pixels: [UInt8], width: Int, height: Int, bands: Int) throws -> VipsImageRef {
        try Vips.start()
        var out: OpaquePointer?
        let status = pixels.withUnsafeBufferPointer {
            shim_from_memory($0.baseAddress, Int32(width), Int32(height), Int32(bands), &out)
        }
        guard status == 0, let out else {
            throw ImagingError.operationFailed(operation: "new_from_memory", reason: Vips.takeError())
        }
        return VipsImageRef(out)
    }
}
