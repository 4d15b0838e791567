// The ProGAN generator (Karras et al. 2018, Table 2; official networks.py G_paper), built for the
// target resolution and run up to the resolution being trained:
//
//   z → pixelNorm → dense to 4x4 (gain √2/4) → lrelu → pixelNorm → conv3x3 → lrelu → pixelNorm
//   per block (8, 16, …): upsample 2x (nearest) → conv3x3 → lrelu → pixelNorm → conv3x3 → lrelu → pixelNorm
//   toRGB (1x1, gain 1) at the current resolution; during a fade-in, blended with the upsampled toRGB of
//   the previous resolution: α·new + (1 − α)·up(old).

import NN
import Tensors

public final class Generator: Module {
    public let latentSize: Int
    public let maxResolution: Int
    let dense: Linear
    let conv4: any UnaryLayer
    /// blocks[k] makes resolution 8·2^k from half of it: two 3x3 convolutions.
    let blocks: [Sequential]
    /// toRGB[k] turns the features at resolution 4·2^k into an image.
    let toRGB: [Conv2d]
    let channels4: Int

    public init(_ c: ProGANConfig, rng: inout RNG) {
        latentSize = c.latentSize
        maxResolution = c.targetResolution
        let c4 = c.channels(stage: 1)
        channels4 = c4
        dense = Linear(inputFeatures: c.latentSize, outputFeatures: c4 * 16, equalized: EqualizedLR(gain: Float(2).squareRoot() / 4), rng: &rng)
        conv4 = proganConv3x3(c4, c4, separable: c.separable.generator, rng: &rng)
        var blocks: [Sequential] = [], toRGB = [proganConv1x1(c4, 3, gain: 1, rng: &rng)]
        for level in stride(from: 3, through: c.targetResolution.trailingZeroBitCount, by: 1) {  // none for a 4 px network
            let cin = c.channels(stage: level - 2), cout = c.channels(stage: level - 1)
            blocks.append(Sequential([proganConv3x3(cin, cout, separable: c.separable.generator, rng: &rng),
                                      proganConv3x3(cout, cout, separable: c.separable.generator, rng: &rng)]))
            toRGB.append(proganConv1x1(cout, 3, gain: 1, rng: &rng))
        }
        self.blocks = blocks
        self.toRGB = toRGB
        super.init()
    }

    /// Images [N, 3, resolution, resolution] in about [-1, 1] from latents z [N, latentSize].
    /// `alpha` < 1 blends in the newest block (fade-in).
    public func callAsFunction(_ z: Tensor, resolution: Int, alpha: Float = 1) -> Tensor {
        let k = level(resolution)
        var x = dense(z.pixelNorm()).reshaped([z.shape[0], channels4, 4, 4]).leakyRelu(slope: 0.2).pixelNorm()
        x = proganConv(conv4, x, proganActivationNormalized)
        var previous = x
        for i in 0..<k {
            previous = x
            x = x.upsampleNearest(2)
            for conv in blocks[i].layers { x = proganConv(conv, x, proganActivationNormalized) }
        }
        let image = toRGB[k](x)
        guard alpha < 1, k > 0 else { return image }
        return image * alpha + toRGB[k - 1](previous).upsampleNearest(2) * (1 - alpha)
    }

    /// The parameters that affect the output at `resolution` (the optimiser steps only these).
    public func activeParameters(resolution: Int) -> [(String, Parameter)] {
        let k = level(resolution)
        return parameters(under: ["dense.", "conv4.", "toRGB.\(k).", "toRGB.\(max(k - 1, 0))."] + (0..<k).map { "blocks.\($0)." })
    }

    func level(_ resolution: Int) -> Int { resolutionLevel(resolution, levels: toRGB.count, network: "Generator") }
}
