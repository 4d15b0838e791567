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

    /// x: (N, 3, H, W) in [0, 1] → (N, 3, H·upscale, W·upscale) in [0, 1]. Without gradient recording
    /// (`withoutGrad`) the output convolution takes the fast route of `OutputConvolution`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let h = upsampledFeatures(x)
        guard !GradMode.enabled else { return conv3(h).clamped(min: 0, max: 1) }
        // The fast route's Z has 81·3 channels at the HR size: at most ~64 M floats at a time.
        let perImage = conv3.weight.shape[0] * 81 * h.shape[2] * h.shape[3]
        let chunk = max(1, (64 << 20) / perImage)
        var parts: [Tensor] = []
        for first in stride(from: 0, to: h.shape[0], by: chunk) {
            let count = min(chunk, h.shape[0] - first)
            parts.append(outputConvolution(count == h.shape[0] ? h : h.slice(axis: 0, start: first, length: count)).output)
        }
        return parts.count == 1 ? parts[0] : Tensor.concat(parts, axis: 0)
    }

    /// Everything before the output convolution: (N, C, H·upscale, W·upscale).
    public func upsampledFeatures(_ x: Tensor) -> Tensor {
        let c1 = conv1(x)
        let features = conv2(trunk.reduce(c1) { $1($0) }) + c1
        return upsampling.reduce(features) { $1($0) }
    }

    /// conv3 and the clamp by `OutputConvolution`: Z (recorded), the shifted sum as a new leaf, and the output
    /// clamp(leaf + bias) (recorded).
    func outputConvolution(_ h: Tensor) -> (output: Tensor, z: Tensor, leaf: Tensor) {
        let k = conv3.weight.shape[2]
        let z = Tensor.conv2d(h, weight: OutputConvolution.stackedWeight(conv3.weight.value))
        let leaf = OutputConvolution.shiftedSum(z, outputChannels: conv3.weight.shape[0], kernel: k).requiringGrad()
        var y = leaf
        if let bias = conv3.bias { y = y + bias.value.reshaped([1, bias.value.count, 1, 1]) }
        return (y.clamped(min: 0, max: 1), z, leaf)
    }

    /// A training forward pass with the fast output convolution; `pass.gradients(of: loss)` gives the
    /// gradients of every trainable parameter, equal to those of the plain forward pass.
    public func trainingPass(_ x: Tensor) -> SRResNetPass {
        let (output, z, leaf) = outputConvolution(upsampledFeatures(x))
        return SRResNetPass(model: self, output: output, z: z, leaf: leaf)
    }
}

/// The output of `SRResNet.trainingPass` and the way back to the parameters: the loss's gradient at the
/// shifted sum's output is carried through the shifted sum's adjoint by hand and into the rest of the graph
/// by `vjp` (the engine records the 1x1 convolution and everything before it).
public struct SRResNetPass {
    public let model: SRResNet
    /// (N, 3, H·upscale, W·upscale) in [0, 1], recorded.
    public let output: Tensor
    let z: Tensor
    let leaf: Tensor

    /// ∂loss/∂θ for every trainable parameter θ of the model, keyed like `trainableParameters()`.
    public func gradients(of loss: Tensor) -> [String: Tensor] {
        let parameters = model.trainableParameters()
        let values = parameters.map { $0.1.value }
        let direct = grad(of: loss, wrt: [leaf] + values)
        let gz = OutputConvolution.shiftedSumAdjoint(direct[0], kernel: model.conv3.weight.shape[2])
        let throughZ = vjp(of: z, seed: gz, wrt: values)
        var out: [String: Tensor] = [:]
        for (i, (key, _)) in parameters.enumerated() { out[key] = direct[i + 1] + throughZ[i] }
        return out
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
