// Activation layers.

import Tensors

/// Parametric ReLU: max(x, 0) + a·min(x, 0), with `count` slopes (1: shared by all channels, as in
/// SRGAN-PyTorch's nn.PReLU(); C: one per channel). Key: `weight`, initialised to 0.25 as in PyTorch.
public final class PReLU: Module, UnaryLayer {
    public let weight: Parameter

    public init(count: Int = 1, initialSlope: Float = 0.25) {
        weight = Parameter(Tensor.full([count], initialSlope))
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { Tensor.prelu(x, weight: weight.value) }
}

public final class LeakyReLU: Module, UnaryLayer {
    public let slope: Float

    /// ProGAN uses 0.2; PyTorch's default is 0.01.
    public init(slope: Float = 0.2) {
        self.slope = slope
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { x.leakyRelu(slope: slope) }
}

public final class ReLU: Module, UnaryLayer {
    override public init() { super.init() }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.relu() }
}

public final class Tanh: Module, UnaryLayer {
    override public init() { super.init() }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.tanh() }
}
