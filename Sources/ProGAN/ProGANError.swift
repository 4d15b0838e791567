// Errors of stage one, each printed for a person: what went wrong and with which thing.

public enum ProGANError: Error, CustomStringConvertible {
    case invalidConfig(field: String, reason: String)
    case unreadable(path: String, reason: String)
    case notAStageOneCheckpoint(path: String, reason: String)
    case nonFinite(what: String, step: Int, resolution: Int, lastCheckpoint: String?)
    case datasetTooSmall(resolution: Int, available: [Int])

    public var description: String {
        switch self {
        case .invalidConfig(let field, let reason): return "stage-one setting \(field): \(reason)"
        case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .notAStageOneCheckpoint(let path, let reason): return "\(path) is not a stage-one (ProGAN) checkpoint: \(reason)"
        case .nonFinite(let what, let step, let resolution, let last):
            return "\(what) became NaN or infinite at step \(step) (resolution \(resolution) px); stopped. "
                + (last.map { "The last good checkpoint is \($0)." } ?? "No checkpoint had been written yet.")
        case .datasetTooSmall(let r, let available):
            return "the data set has no \(r) px level (it has \(available.map(String.init).joined(separator: ", "))); prepare it with --resolution \(r) or more"
        }
    }
}
