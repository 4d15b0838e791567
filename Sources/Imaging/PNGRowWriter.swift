// PNGRowWriter: a PNG file written row by row (libpng), so that an image is encoded as it is made and never
// needs to be in memory whole. The rows go to a hidden temporary file beside the target, renamed to it by
// `finish()`: a run that stops half-way leaves no half image under the final name.

import CPNGShim
import Foundation

public final class PNGRowWriter {
    public let path: String
    public let width: Int
    public let height: Int
    public private(set) var rowsWritten = 0
    private let temporary: String
    private var writer: OpaquePointer?

    /// Starts a `width` x `height` 8-bit RGB PNG at `path`.
    public init(path: String, width: Int, height: Int) throws {
        guard width >= 1, height >= 1, width <= Int(Int32.max) / 3, height <= Int(Int32.max) else {
            throw ImagingError.cannotWrite(path: path, reason: "a PNG of \(width)x\(height) pixels is not possible")
        }
        self.path = path
        self.width = width
        self.height = height
        let url = URL(fileURLWithPath: path)
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
        var error = [CChar](repeating: 0, count: 512)
        guard let w = shim_png_open(temporary, Int32(width), Int32(height), &error, error.count) else {
            throw ImagingError.cannotWrite(path: path, reason: String(cString: error))
        }
        writer = w
    }

    deinit {
        if writer != nil {
            shim_png_free(writer)
            unlink(temporary)
        }
    }

    /// Appends `count` rows: `rows` holds count · width · 3 bytes (RGB interleaved).
    public func write(_ rows: UnsafeBufferPointer<UInt8>, count: Int) throws {
        guard let writer else { throw ImagingError.cannotWrite(path: path, reason: "the file is already finished") }
        guard rows.count == count * width * 3 else {
            throw ImagingError.cannotWrite(path: path, reason: "\(rows.count) bytes given for \(count) rows of \(width) px")
        }
        guard shim_png_write_rows(writer, rows.baseAddress, Int32(count)) == 0 else { throw fail() }
        rowsWritten += count
    }

    /// Ends the image (every row must have been written) and moves the file to `path`.
    public func finish() throws {
        guard let writer else { throw ImagingError.cannotWrite(path: path, reason: "the file is already finished") }
        guard shim_png_finish(writer) == 0 else { throw fail() }
        shim_png_free(writer)
        self.writer = nil
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ImagingError.cannotWrite(path: path, reason: reason)
        }
    }

    private func fail() -> ImagingError {
        let reason = String(cString: shim_png_error(writer))
        shim_png_free(writer)
        writer = nil
        unlink(temporary)
        return ImagingError.cannotWrite(path: path, reason: reason)
    }
}
