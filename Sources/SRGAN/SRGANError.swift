// Errors of stage two, each naming the file, setting or step concerned and saying what to do.

public enum SRGANError: Error, CustomStringConvertible {
    case invalidConfig(field: String, reason: String)
    case unreadable(path: String, reason: String)
    case noImages(path: String)
    case imageTooSmall(name: String, width: Int, height: Int, minimum: Int)
    case notEnoughImages(found: Int, needed: Int, smallest: Int, path: String?)
    case vgg19Missing(path: String)
    case nonFinite(step: Int, phase: Int, what: String)
    case notAModel(path: String, reason: String)
    case runFolder(path: String, reason: String)
    /// Tile and overlap (LR pixels) that cannot tile an image; overlap nil: the model's default.
    case invalidTiling(tile: Int, overlap: Int?, reason: String)

    public var description: String {
        switch self {
        case let .invalidConfig(field, reason):
            return "stage-two setting \(field): \(reason)"
        case let .unreadable(path, reason):
            return "cannot read \(path): \(reason)"
        case .noImages(let path):
            return "\(path) holds no images (PNG or JPEG files, or a data set made by `progan-sr prepare`)"
        case let .imageTooSmall(name, width, height, minimum):
            return "\(name) is \(width)x\(height), smaller than the \(minimum) px HR crop: use a smaller --hr-crop or leave the image out"
        case let .notEnoughImages(found, needed, smallest, path):
            return (path.map { "\($0): " } ?? "") + "\(found) usable images (at least \(smallest) px on each side), but \(needed) are needed "
                + "(the held-out validation images plus at least one to train on): add images or use a smaller --hr-crop"
        case .vgg19Missing(let path):
            return "VGG19 weights not found at \(path): give a safetensors file with torchvision's keys (features.N.weight|bias) via --vgg19 or PROGANSR_VGG19 (README, \"Stage two\", shows how to write it)"
        case let .nonFinite(step, phase, what):
            return "training diverged: \(what) is not finite at step \(step) of phase \(phase); the last checkpoint was kept. Lower the learning rate and start a new run"
        case let .notAModel(path, reason):
            return "\(path) is not an SRResNet model: \(reason)"
        case let .runFolder(path, reason):
            return "run folder \(path): \(reason)"
        case let .invalidTiling(tile, overlap, reason):
            return "tiles of \(tile) px with an overlap of \(overlap.map { "\($0) px" } ?? "the model's default"): \(reason)"
        }
    }
}
