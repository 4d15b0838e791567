// Equalized learning rate (Karras et al. 2018, ProGAN §4.1): weights are drawn from N(0, 1) and scaled at
// run time by the He constant c = gain / sqrt(fan_in), so that Adam's per-parameter step sizes act alike on
// every layer. c is a constant of the layer, not a parameter (it is not in the state dict), as in the
// official code (`wscale`).

import Foundation
import Tensors

public struct EqualizedLR: Equatable, Sendable {
    /// The gain: sqrt(2) before a (leaky) ReLU, 1 for the layers to and from RGB in the official code.
    public var gain: Float

    public init(gain: Float) { self.gain = gain }

    /// gain = sqrt(2) (He initialisation): a layer followed by a (leaky) ReLU.
    public static let he = EqualizedLR(gain: Float(2).squareRoot())
    /// gain = 1: a layer with no activation after it (toRGB, a separable convolution's depthwise half).
    public static let linear = EqualizedLR(gain: 1)

    /// The run-time weight scale for a layer with `fanIn` inputs per output.
    public func scale(fanIn: Int) -> Float { gain / Float(fanIn).squareRoot() }
}

/// How a Conv2d or Linear draws its first weights.
enum WeightInit {
    /// PyTorch's default for nn.Conv2d / nn.Linear (kaiming_uniform with a = sqrt(5)): weight and bias from
    /// U(−1/sqrt(fan_in), 1/sqrt(fan_in)).
    static func pytorchDefault(shape: [Int], fanIn: Int, rng: inout RNG) -> Tensor {
        let bound = 1 / Float(fanIn).squareRoot()
        return Tensor.randomUniform(shape, low: -bound, high: bound, rng: &rng)
    }
}
