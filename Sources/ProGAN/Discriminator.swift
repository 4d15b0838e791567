// The ProGAN discriminator (critic) (Karras et al. 2018, Table 2; official networks.py D_paper):
//
//   fromRGB (1x1, gain √2) → lrelu at the input resolution
//   per block (…, 16, 8): conv3x3 → lrelu → conv3x3 → lrelu → avgPool 2x2
//     during a fade-in, after the newest block: α·x + (1 − α)·lrelu(fromRGB(avgPool(image)))
//   minibatch stddev (group 4) → conv3x3 (C+1 → C) → lrelu → dense (16C → C) → lrelu → dense (C → 1, gain 1)

import NN
import Tensors

public final class Discriminator: Module {
    public let maxResolution: Int
    /// fromRGB[k] reads an image of resolution 4·2^k.
    let fromRGB: [Conv2d]
    /// blocks[k] takes resolution 8·2^k down to half of it.
    let blocks: [Sequential]
    let mbstd: MinibatchStdDev
    let conv4: any UnaryLayer
    let dense1: Linear
    let dense2: Linear

    public init(_ c: ProGANConfig, rng: inout RNG) {
        maxResolution = c.targetResolution
        let c4 = c.channels(stage: 1)
        var fromRGB = [proganConv1x1(3, c4, gain: Float(2).squareRoot(), rng: &rng)]
        var blocks: [Sequential] = []
        for level in stride(from: 3, through: c.targetResolution.trailingZeroBitCount, by: 1) {  // none for a 4 px network
            let cin = c.channels(stage: level - 1), cout = c.channels(stage: level - 2)
            fromRGB.append(proganConv1x1(3, cin, gain: Float(2).squareRoot(), rng: &rng))
            blocks.append(Sequential([proganConv3x3(cin, cin, separable: c.separable.discriminator, rng: &rng),
                                      proganConv3x3(cin, cout, separable: c.separable.discriminator, rng: &rng)]))
        }
        self.fromRGB = fromRGB
        self.blocks = blocks
        mbstd = MinibatchStdDev(groupSize: c.mbstdGroupSize)
        conv4 = proganConv3x3(c4 + 1, c4, separable: c.separable.discriminator, rng: &rng)
        dense1 = Linear(inputFeatures: c4 * 16, outputFeatures: c4, equalized: .he, rng: &rng)
        dense2 = Linear(inputFeatures: c4, outputFeatures: 1, equalized: EqualizedLR(gain: 1), rng: &rng)
        super.init()
    }

    /// Scores [N, 1] for images [N, 3, R, R]; `alpha` < 1 blends in the newest block (fade-in).
    public func callAsFunction(_ image: Tensor, alpha: Float = 1) -> Tensor {
        let k = level(image.shape[2])
        var x = fromRGB[k](image, activation: proganActivation)
        for i in stride(from: k - 1, through: 0, by: -1) {
            for conv in blocks[i].layers { x = proganConv(conv, x, proganActivation) }
            x = x.avgPool2d(2)
            if i == k - 1 && alpha < 1 {
                let skip = fromRGB[k - 1](image.avgPool2d(2), activation: proganActivation)
                x = x * alpha + skip * (1 - alpha)
            }
        }
        x = proganConv(conv4, mbstd(x), proganActivation)
        x = dense1(x.flattened()).leakyRelu(slope: 0.2)
        return dense2(x)
    }

    /// The parameters that affect the score at `resolution`.
    public func activeParameters(resolution: Int) -> [(String, Parameter)] {
        let k = level(resolution)
        return parameters(under: ["conv4.", "dense1.", "dense2.", "fromRGB.\(k).", "fromRGB.\(max(k - 1, 0))."] + (0..<k).map { "blocks.\($0)." })
    }

    func level(_ resolution: Int) -> Int { resolutionLevel(resolution, levels: fromRGB.count, network: "Discriminator") }
}
