// Errors of the pipeline, each naming what does not fit.

public enum PipelineError: Error, CustomStringConvertible {
    case notFourTimes(path: String, scale: Int)
    case cannotChain(stage1: Int, input: Int, reason: String)
    case notFound(what: String, path: String)
    case tooFewRealImages(found: Int, needed: Int, path: String)
    /// A setting out of its range; `option` is its flag's name (--count).
    case invalidOption(option: String, reason: String)
    /// Stage one's images are smaller than the metrics need (MS-SSIM's five scales and SWD's pyramid: 16 px).
    case stageOneTooSmall(path: String, resolution: Int, minimum: Int)

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
        case .invalidOption(let option, let reason):
            return "\(option): \(reason)"
        case .stageOneTooSmall(let path, let resolution, let minimum):
            return "stage one (\(path)) makes \(resolution) px images; the pipeline's metrics (SWD, MS-SSIM) need at least \(minimum) px: "
                + "train stage one to \(minimum) px or more (--target-res)"
        }
    }
}
