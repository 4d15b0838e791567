// Errors of the Imaging module: each names the file or the thing, and says what to do.

import Foundation

public enum ImagingError: Error, CustomStringConvertible, Equatable {
    /// libvips could not start (vips_init failed).
    case vipsUnavailable(reason: String)
    /// The file does not exist or cannot be opened.
    case fileNotFound(path: String)
    /// The file has no bytes.
    case emptyFile(path: String)
    /// libvips could not decode the file (not an image, truncated, corrupt, unsupported).
    case undecodable(path: String, reason: String)
    /// The image decoded but is too small to use.
    case tooSmall(path: String, width: Int, height: Int, minimum: Int)
    /// The image has more pixels than the limit (read from its header: nothing was decoded).
    case tooLarge(path: String, width: Int, height: Int, limit: Int)
    /// Writing an image failed.
    case cannotWrite(path: String, reason: String)
    /// An image format the writer does not know (by the file's extension).
    case unsupportedFormat(path: String)
    /// A resampling kernel name that does not exist.
    case unknownKernel(name: String)
    /// A libvips operation failed on an image already in memory.
    case operationFailed(operation: String, reason: String)

    public var description: String {
        switch self {
        case .vipsUnavailable(let reason):
            return "libvips could not start (\(reason)); install libvips (make setup installs libvips-dev)"
        case .fileNotFound(let path):
            return "\(path): no such file"
        case .emptyFile(let path):
            return "\(path): the file is empty (0 bytes)"
        case .undecodable(let path, let reason):
            return "\(path): not a readable image (\(reason))"
        case .tooSmall(let path, let width, let height, let minimum):
            return "\(path): \(width)x\(height) is smaller than \(minimum) px on its shorter side"
        case .tooLarge(let path, let width, let height, let limit):
            return "\(path): \(width)x\(height) is \(ImagingError.megapixels(width * height)) megapixels, over the limit of "
                + "\(ImagingError.megapixels(limit)) megapixels (shrink the image, or raise the limit with --max-megapixels)"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write the image (\(reason)); check that the folder exists and is writable"
        case .unsupportedFormat(let path):
            return "\(path): unknown image format; use a .png, .jpg or .jpeg file name"
        case .unknownKernel(let name):
            return "unknown resampling kernel '\(name)'; known kernels: \(ResizeKernel.allCases.map(\.rawValue).joined(separator: ", "))"
        case .operationFailed(let operation, let reason):
            return "libvips \(operation) failed: \(reason)"
        }
    }
}

extension ImagingError {
    /// `pixels` in megapixels for a person: "900", "0.25".
    static func megapixels(_ pixels: Int) -> String {
        let m = Double(pixels) / 1_000_000
        return m >= 10 ? String(Int(m.rounded())) : String(format: "%.2g", m)
    }
}
