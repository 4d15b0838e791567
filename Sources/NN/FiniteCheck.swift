// FiniteCheck: a step's loss and gradients looked at before the optimiser uses them. A NaN or an infinity in
// either would reach the weights, the Adam moments and the weight average in one update, and every checkpoint
// after it; caught here, nothing has changed yet and the run can stop naming what went wrong.

import Tensors

/// A loss or a gradient that is NaN or infinite: `what` names it ("the discriminator loss (nan)",
/// "the gradient of generator.b16.conv1.weight").
public struct NonFiniteValue: Error, CustomStringConvertible {
    public let what: String
    public var description: String { "\(what) is NaN or infinite" }
}

public enum FiniteCheck {
    /// Throws `NonFiniteValue` if `loss` or any of `gradients` (checked in key order, so the first bad key
    /// is the one named) holds a NaN or an infinity, or a gradient so large that its square is infinite
    /// (|g| > 1.8e19: Adam's second moment would become infinite from finite gradients).
    public static func check(loss: Float, named lossName: String, gradients: [String: Tensor], of network: String) throws {
        guard loss.isFinite else { throw NonFiniteValue(what: "\(lossName) (\(loss))") }
        for key in gradients.keys.sorted() where !gradients[key]!.hasFiniteSquares {
            throw NonFiniteValue(what: "the gradient of \(network).\(key) (or its square, as Adam takes it)")
        }
    }
}
