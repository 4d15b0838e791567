// ProGAN's 3x3 convolution, standard or depthwise-separable, with equalized learning rate.
//
// Separable: a depthwise 3x3 (one filter per channel) then a pointwise 1x1, no activation between —
// the same layer as the PyTorch peer's Conv3 (../shared/bench/progan_torch.py), biases on both, so that
// the two networks have the same parameters and the same step can be timed side by side. (The
// depthwise bias is redundant — the pointwise bias could absorb it — but costs C numbers.)
// Multiply-adds per pixel: 9·Cin·Cout standard, 9·Cin + Cin·Cout separable: a ratio of 1/Cout + 1/9.
//
// Gains: the depthwise 3x3 is linear (no activation follows it), so its equalized-LR gain is 1; the pointwise
// 1x1 before the leaky ReLU keeps He's √2. With √2 on both (as before), each separable layer doubled the
// activations' variance, which the discriminator (no pixel norm) compounded: about 11x at 32 px.

import NN
import Tensors

/// A 3x3 convolution (padding 1) from `inputChannels` to `outputChannels`, separable or not.
func proganConv3x3(_ inputChannels: Int, _ outputChannels: Int, separable: Bool, rng: inout RNG) -> any UnaryLayer {
    if separable {
        return Sequential([
            Conv2d(inputChannels: inputChannels, outputChannels: inputChannels, kernelSize: 3, padding: 1,
                   groups: inputChannels, equalized: .linear, rng: &rng),
            Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 1, equalized: .he, rng: &rng),
        ])
    }
    return Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 3, padding: 1,
                  equalized: .he, rng: &rng)
}

/// The leaky ReLU after every ProGAN convolution, and the generator's pixel norm after that (ε 1e-8, §4.2).
let proganActivation = ConvActivation.leakyRelu(slope: 0.2)
let proganActivationNormalized = ConvActivation.leakyReluPixelNorm(slope: 0.2, eps: 1e-8)

/// `layer(x)` then `activation`, fused into the last convolution's output pass when the layer is a convolution
/// or a Sequential ending in one (the separable layer: depthwise, then the pointwise that takes the activation).
func proganConv(_ layer: any UnaryLayer, _ x: Tensor, _ activation: ConvActivation) -> Tensor {
    if let conv = layer as? Conv2d { return conv(x, activation: activation) }
    if let sequence = layer as? Sequential, let last = sequence.layers.last as? Conv2d {
        return last(sequence.layers.dropLast().reduce(x) { h, l in l(h) }, activation: activation)
    }
    return layer(x).activated(activation)
}

/// A 1x1 convolution with equalized learning rate (toRGB with gain 1, fromRGB with gain √2).
func proganConv1x1(_ inputChannels: Int, _ outputChannels: Int, gain: Float, rng: inout RNG) -> Conv2d {
    Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 1, equalized: EqualizedLR(gain: gain), rng: &rng)
}

extension Module {
    /// The parameters whose key starts with one of `prefixes` (each ending in "."), in key order.
    func parameters(under prefixes: [String]) -> [(String, Parameter)] {
        namedParameters().filter { p in prefixes.contains { p.0.hasPrefix($0) } }
    }
}

/// The level of a resolution: 0 for 4x4, 1 for 8x8, …; stops with a message naming the network when
/// `resolution` is not one of its `levels` resolutions.
func resolutionLevel(_ resolution: Int, levels: Int, network: String) -> Int {
    let k = resolution.trailingZeroBitCount - 2
    precondition(k >= 0 && k < levels && resolution == 4 << k,
                 "\(network): resolution \(resolution) is not a power of two in 4…\(4 << (levels - 1))")
    return k
}
