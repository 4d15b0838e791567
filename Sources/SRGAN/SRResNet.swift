// SRResNet (Ledig et al. 2017, §2.2, Fig. 4): the SRGAN generator, with the module layout and key names
// of SRGAN-PyTorch (Lornatang), whose public checkpoints therefore load by name:
//
//   conv1       = Sequential(Conv2d 9x9 3→C with bias, PReLU)                      conv1.0, conv1.1
//   trunk.i     = residual block: x + rcb(x),
//                 rcb = Sequential(conv 3x3 no bias, BN, PReLU, conv 3x3 no bias, BN) trunk.i.rcb.{0,1,2,3,4}
//   conv2       = Sequential(conv 3x3 no bias, BN)                                  conv2.0, conv2.1
//   upsampling.j = Sequential(conv 3x3 C→4C with bias, PixelShuffle 2, PReLU)       upsampling.j.upsample_block.{0,2}
//   conv3       = Conv2d 9x9 C→3 with bias
//
//   forward: c1 = conv1(x); y = conv2(trunk(c1)) + c1; out = clamp(conv3(upsampling(y)), 0, 1)
//
// The published model has 16 blocks and 64 channels; the demo presets use fewer.

import NN
import Tensors

public final class SRResNet: Module, UnaryLayer {
    public let conv1: Sequential
    public let trunk: [ResidualConvBlock]
    public let conv2: Sequential
    public let upsampling: [UpsampleBlock]
    public let conv3: Conv2d
    /// 2, 4 or 8: one ×2 upsampling block per factor of two.
    public let upscale: Int

    public init(blocks: Int = 16, channels: Int = 64, upscale: Int = 4, imageChannels: Int = 3, rng: inout RNG) {
        precondition([2, 4, 8].contains(upscale), "SRResNet: upscale must be 2, 4 or 8, not \(upscale)")
        precondition(blocks >= 1 && channels >= 1, "SRResNet: needs at least one block and one channel (got \(blocks), \(channels))")
        conv1 = Sequential(Conv2d(inputChannels: imageChannels, outputChannels: channels, kernelSize: 9, padding: 4, rng: &rng), PReLU())
        trunk = (0..<blocks).map { _ in ResidualConvBlock(channels: channels, rng: &rng) }
        conv2 = Sequential(Conv2d(inputChannels: channels, outputChannels: channels, kernelSize: 3, padding: 1, bias: false, rng: &rng),
                           BatchNorm2d(channels: channels))
        upsampling = (0..<(upscale.trailingZeroBitCount)).map { _ in UpsampleBlock(channels: channels, rng: &rng) }
        conv3 = Conv2d(inputChannels: channels, outputChannels: imageChannels, kernelSize: 9, padding: 4, rng: &rng)
        self.upscale = upscale
        super.init()
    }

    /// A model with weights drawn from `RNG(seed:)` (to be trained or overwritten by `load`).
    public convenience init(blocks: Int = 16, channels: Int = 64, upscale: Int = 4, seed: UInt64 = 0) {
        var rng = RNG(seed: seed)
        self.init(blocks: blocks, channels: channels, upscale: upscale, rng: &rng)
    }

    /// x: (N, 3, H, W) in [0, 1] → (N, 3, H·upscale, W·upscale) in [0, 1].
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let c1 = conv1(x)
        let features = conv2(trunk.reduce(c1) { $1($0) }) + c1
        return conv3(upsampling.reduce(features) { $1($0) }).clamped(min: 0, max: 1)
    }
}

/// SRResNet's residual block: x + (conv, BN, PReLU, conv, BN)(x).
public final class ResidualConvBlock: Module, UnaryLayer {
    public let rcb: Sequential

    public init(channels: Int, rng: inout RNG) {
        rcb = Sequential(
            Conv2d(inputChannels: channels, outputChannels: channels, kernelSize: 3, padding: 1, bias: false, rng: &rng),
            BatchNorm2d(channels: channels),
            PReLU(),
            Conv2d(inputChannels: channels, outputChannels: channels, kernelSize: 3, padding: 1, bias: false, rng: &rng),
            BatchNorm2d(channels: channels))
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { x + rcb(x) }
}

/// ×2 sub-pixel upsampling: conv 3x3 C→4C, PixelShuffle 2, PReLU.
public final class UpsampleBlock: Module, UnaryLayer {
    /// Key `upsample_block`.
    @Key public var upsampleBlock: Sequential

    public init(channels: Int, rng: inout RNG) {
        _upsampleBlock = Key(wrappedValue: Sequential(
            Conv2d(inputChannels: channels, outputChannels: channels * 4, kernelSize: 3, padding: 1, rng: &rng),
            PixelShuffle(2),
            PReLU()), "upsample_block")
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { upsampleBlock(x) }
}
