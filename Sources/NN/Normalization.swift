// Normalisation layers: BatchNorm2d (SRGAN), PixelNorm (ProGAN's generator).

import Tensors

/// PyTorch's nn.BatchNorm2d: per-channel affine normalisation; batch statistics in training mode (and the
/// running statistics updated with `momentum`), running statistics in eval mode.
/// Keys: `weight`, `bias`, `running_mean`, `running_var`. PyTorch's `num_batches_tracked` is accepted on
/// load and not kept: it only matters for momentum = None (a cumulative average), which is not offered.
public final class BatchNorm2d: Module, UnaryLayer {
    public let weight: Parameter
    public let bias: Parameter
    /// Key `running_mean`.
    @Key public var runningMean: Buffer
    /// Key `running_var`.
    @Key public var runningVar: Buffer
    /// new running = (1 − momentum)·old + momentum·batch (PyTorch's convention; 0.1).
    public let momentum: Float
    public let eps: Float

    public init(channels: Int, momentum: Float = 0.1, eps: Float = 1e-5) {
        weight = Parameter(Tensor.ones([channels]))
        bias = Parameter(Tensor.zeros([channels]))
        _runningMean = Key(wrappedValue: Buffer(Tensor.zeros([channels])), "running_mean")
        _runningVar = Key(wrappedValue: Buffer(Tensor.ones([channels])), "running_var")
        self.momentum = momentum
        self.eps = eps
        super.init()
    }

    override public var ignoredStateKeys: [String] { ["num_batches_tracked"] }

    /// In training mode this also updates the running statistics (as PyTorch's forward does).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let r = Tensor.batchNorm(x, weight: weight.value, bias: bias.value, runningMean: runningMean.value,
                                 runningVar: runningVar.value, training: training, momentum: momentum, eps: eps)
        if training {
            runningMean.value = r.runningMean
            runningVar.value = r.runningVar
        }
        return r.output
    }
}

/// ProGAN's pixelwise feature vector normalisation (§4.2): x / sqrt(mean over channels of x² + ε).
public final class PixelNorm: Module, UnaryLayer {
    public let eps: Float

    public init(eps: Float = 1e-8) {
        self.eps = eps
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { x.pixelNorm(eps: eps) }
}

/// ProGAN's minibatch standard deviation (§3): appends one channel holding, per group of `groupSize`
/// samples (strided over the batch), the average standard deviation of the features.
public final class MinibatchStdDev: Module, UnaryLayer {
    public let groupSize: Int
    public let eps: Float

    public init(groupSize: Int = 4, eps: Float = 1e-8) {
        self.groupSize = groupSize
        self.eps = eps
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { x.minibatchStdDev(groupSize: groupSize, eps: eps) }
}
