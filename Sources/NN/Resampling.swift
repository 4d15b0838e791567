// Layers that change the spatial size: pooling (down), nearest upsampling and pixel shuffle (up).

import Tensors

/// Average over non-overlapping k×k windows (kernel = stride = k).
public final class AvgPool2d: Module, UnaryLayer {
    public let kernelSize: Int
    public init(_ kernelSize: Int = 2) {
        self.kernelSize = kernelSize
        super.init()
    }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.avgPool2d(kernelSize) }
}

/// Maximum over non-overlapping k×k windows (VGG's pooling).
public final class MaxPool2d: Module, UnaryLayer {
    public let kernelSize: Int
    public init(_ kernelSize: Int = 2) {
        self.kernelSize = kernelSize
        super.init()
    }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.maxPool2d(kernelSize) }
}

/// Nearest-neighbour upsampling by an integer factor (ProGAN's generator).
public final class Upsample: Module, UnaryLayer {
    public let scale: Int
    public init(scale: Int = 2) {
        self.scale = scale
        super.init()
    }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.upsampleNearest(scale) }
}

/// Sub-pixel convolution's rearrangement (Shi et al. 2016): (N, C·r², H, W) → (N, C, H·r, W·r).
public final class PixelShuffle: Module, UnaryLayer {
    public let factor: Int
    public init(_ factor: Int) {
        self.factor = factor
        super.init()
    }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.pixelShuffle(factor) }
}
