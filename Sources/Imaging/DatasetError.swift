// Errors of building and reading a prepared data set; each names the folder or file.

public enum DatasetError: Error, CustomStringConvertible, Equatable {
    case sourceNotFound(path: String)
    case emptyFolder(path: String)
    case noReadableImages(path: String, skipped: Int, firstReason: String)
    case resolutionNotPowerOfTwo(Int)
    case outputExists(path: String)
    /// --strict: the first file that could not be used stops the run.
    case strictStop(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case notADataset(path: String, reason: String)
    case resolutionNotInDataset(Int, available: [Int])

    public var description: String {
        switch self {
        case .sourceNotFound(let path):
            return "\(path): no such folder of images"
        case .emptyFolder(let path):
            return "\(path): the folder has no files (it is searched recursively; hidden files are ignored)"
        case .noReadableImages(let path, let skipped, let firstReason):
            return "\(path): none of its \(skipped) files is a usable image (first: \(firstReason))"
        case .resolutionNotPowerOfTwo(let r):
            return "resolution \(r) is not a power of two of at least 4 (use 4, 8, 16, 32, 64, 128, ...)"
        case .outputExists(let path):
            return "\(path) already exists; remove it or choose another --out folder"
        case .strictStop(let path, let reason):
            return "\(path): \(reason) (stopped because of --strict; without it the file is listed and skipped)"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write the data set (\(reason))"
        case .notADataset(let path, let reason):
            return "\(path): not a prepared data set (\(reason)); make one with `progan-sr prepare`"
        case .resolutionNotInDataset(let r, let available):
            return "the data set has no \(r)x\(r) level (it has \(available.map(String.init).joined(separator: ", ")))"
        }
    }
}
