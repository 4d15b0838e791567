// Linear: y = x·Wᵀ + b, weight [out, in] (PyTorch's layout), optional equalized learning rate.

import Tensors

public final class Linear: Module, UnaryLayer {
    /// [outputFeatures, inputFeatures].
    public let weight: Parameter
    /// [outputFeatures], or nil.
    public let bias: Parameter?
    /// gain / sqrt(fan_in) with equalized learning rate, else 1.
    public let weightScale: Float

    public init(inputFeatures: Int, outputFeatures: Int, bias: Bool = true, equalized: EqualizedLR? = nil, rng: inout RNG) {
        let shape = [outputFeatures, inputFeatures]
        if let equalized {
            weight = Parameter(Tensor.randomNormal(shape, rng: &rng))
            self.bias = bias ? Parameter(Tensor.zeros([outputFeatures])) : nil
            weightScale = equalized.scale(fanIn: inputFeatures)
        } else {
            weight = Parameter(WeightInit.pytorchDefault(shape: shape, fanIn: inputFeatures, rng: &rng))
            self.bias = bias ? Parameter(WeightInit.pytorchDefault(shape: [outputFeatures], fanIn: inputFeatures, rng: &rng)) : nil
            weightScale = 1
        }
        super.init()
    }

    public var effectiveWeight: Tensor { weightScale == 1 ? weight.value : weight.value * weightScale }

    /// x is [N, inputFeatures] (flatten images first).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        Tensor.linear(x, weight: effectiveWeight, bias: bias?.value)
    }
}
