// MetricsError: what can be wrong with the images handed to a metric, said so a person can fix it.

public enum MetricsError: Error, CustomStringConvertible, Equatable {
    /// The two sets (or the two images of a pair) do not have the same image shape.
    case shapeMismatch(what: String, first: [Int], second: [Int])
    /// Fewer images than the metric was asked to use.
    case tooFewImages(what: String, have: Int, need: Int)
    /// An image too small for the metric (SWD needs 16 px; a 7x7 patch must fit the smallest level).
    case tooSmall(what: String, height: Int, width: Int, minimum: Int)
    /// A size the metric's definition cannot handle (non-square SWD, odd sizes between levels, ...).
    case unsupportedShape(what: String, shape: [Int], reason: String)

    public var description: String {
        switch self {
        case let .shapeMismatch(what, first, second):
            return "\(what): image shapes differ, \(first) vs \(second) (N, C, H, W); resize one set to the other's size first"
        case let .tooFewImages(what, have, need):
            return "\(what): \(have) images, but \(need) were asked for; add images or ask for fewer (--count / --pairs)"
        case let .tooSmall(what, height, width, minimum):
            return "\(what): images are \(width)x\(height) px, smaller than the \(minimum) px this metric needs"
        case let .unsupportedShape(what, shape, reason):
            return "\(what): shape \(shape) (N, C, H, W) is not supported: \(reason)"
        }
    }
}
