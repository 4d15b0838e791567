// Errors of the pipeline, each naming what does not fit.

public enum PipelineError: Error, CustomStringConvertible {
    case notFourTimes(path: String, scale: Int)
    case cannotChain(stage1: Int, input: Int, reason: String)
    case notFound(what: String, path: String)
    case tooFewRealImages(found: Int, needed: Int, path: String)

    public var description: String {
        switch self {
        case .notFourTimes(let path, let scale):
            return "stage two (\(path)) upscales \(scale)x; the pipeline needs a 4x model"
        case .cannotChain(let s1, let input, let reason):
            return "stage one makes \(s1) px images and stage two takes \(input) px: \(reason)"
        case .notFound(let what, let path):
            return "\(what) not found at \(path)"
        case .tooFewRealImages(let found, let needed, let path):
            return "\(path) has \(found) usable real images; the metrics need at least \(needed)"
        }
    }
}
