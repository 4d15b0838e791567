// Convolution layers: Conv2d (stride, padding, groups, optional bias, optional equalized learning rate)
// and SeparableConv2d (depthwise k×k then pointwise 1x1). Weights OIHW: [out, in / groups, kh, kw].

import Tensors

public final class Conv2d: Module, UnaryLayer {
    /// [outputChannels, inputChannels / groups, kernelSize, kernelSize].
    public let weight: Parameter
    /// [outputChannels], or nil for a convolution without bias (before a BatchNorm).
    public let bias: Parameter?
    public let stride: Int
    public let padding: Int
    public let groups: Int
    /// Multiplies the weight at run time: gain / sqrt(fan_in) with equalized learning rate, else 1.
    public let weightScale: Float

    /// - Parameters:
    ///   - equalized: ProGAN's equalized learning rate: weight from N(0, 1), bias 0, scaled at run time.
    ///     nil: PyTorch's default initialisation and no scale.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                groups: Int = 1, bias: Bool = true, equalized: EqualizedLR? = nil, rng: inout RNG) {
        precondition(groups >= 1 && inputChannels % groups == 0 && outputChannels % groups == 0,
                     "Conv2d: \(inputChannels) → \(outputChannels) channels cannot be split in \(groups) groups")
        let shape = [outputChannels, inputChannels / groups, kernelSize, kernelSize]
        let fanIn = inputChannels / groups * kernelSize * kernelSize
        if let equalized {
            weight = Parameter(Tensor.randomNormal(shape, rng: &rng))
            self.bias = bias ? Parameter(Tensor.zeros([outputChannels])) : nil
            weightScale = equalized.scale(fanIn: fanIn)
        } else {
            weight = Parameter(WeightInit.pytorchDefault(shape: shape, fanIn: fanIn, rng: &rng))
            self.bias = bias ? Parameter(WeightInit.pytorchDefault(shape: [outputChannels], fanIn: fanIn, rng: &rng)) : nil
            weightScale = 1
        }
        self.stride = stride
        self.padding = padding
        self.groups = groups
        super.init()
    }

    /// The weight the convolution uses (the parameter times the equalized-learning-rate scale).
    public var effectiveWeight: Tensor { weightScale == 1 ? weight.value : weight.value * weightScale }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        Tensor.conv2d(x, weight: effectiveWeight, bias: bias?.value, stride: stride, padding: padding, groups: groups)
    }

    /// The convolution followed by `activation`, applied in the convolution's output pass (one op, one tensor).
    public func callAsFunction(_ x: Tensor, activation: ConvActivation) -> Tensor {
        Tensor.conv2d(x, weight: effectiveWeight, bias: bias?.value, stride: stride, padding: padding, groups: groups,
                      activation: activation)
    }
}

/// A depthwise k×k convolution (one filter per channel, no bias) followed by a pointwise 1x1 convolution
/// (with bias): the factorisation of MobileNet, used for ProGAN's 3x3 convolutions in stage one.
/// Keys: `depthwise.weight` [C, 1, k, k], `pointwise.weight` [O, C, 1, 1], `pointwise.bias` [O].
public final class SeparableConv2d: Module, UnaryLayer {
    public let depthwise: Conv2d
    public let pointwise: Conv2d

    /// `padding` defaults to kernelSize / 2 (same size output at stride 1). With `equalized`, its gain goes to the
    /// pointwise half; the depthwise half is linear (nothing follows it before the pointwise), so its gain is 1.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int = 3, padding: Int? = nil, bias: Bool = true,
                equalized: EqualizedLR? = nil, rng: inout RNG) {
        depthwise = Conv2d(inputChannels: inputChannels, outputChannels: inputChannels, kernelSize: kernelSize,
                           padding: padding ?? kernelSize / 2, groups: inputChannels, bias: false,
                           equalized: equalized.map { _ in .linear }, rng: &rng)
        pointwise = Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 1,
                           bias: bias, equalized: equalized, rng: &rng)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { pointwise(depthwise(x)) }
}
