// ReceptiveRadius: how far, in input (LR) pixels, an SRResNet's output can depend on its input, read from its
// layers. Each k×k convolution (stride 1) adds (k − 1)/2 pixels of the resolution it runs at; after a
// PixelShuffle(r) the features are r times finer, so the convolutions that follow add 1/r as much in input
// pixels. Residual skips, BatchNorm (eval) and PReLU are per pixel and add nothing.
//
//   SRResNet B blocks, ×4:  4 (conv1 9x9) + 2B (blocks) + 1 (conv2) + 1 (up 1, at 1x) + ½ (up 2, at 2x)
//                           + 1 (conv3 9x9 at 4x) = 7.5 + 2B   (B = 4: 15.5; B = 16: 39.5)
//
// An output pixel of a tile is what the whole image gives when every input pixel within ⌈radius⌉ of the input
// pixel it lies over is inside the tile (the convolutions saw image, not zero padding).

import NN

extension SRResNet {
    /// The receptive radius in LR pixels (see the file's comment); may be fractional.
    public var receptiveRadius: Double {
        var scale = 1.0
        var radius = 0.0
        for layer in [conv1 as any UnaryLayer] + trunk.map { $0.rcb } + [conv2] + upsampling.map { $0.upsampleBlock } + [conv3] {
            radius += Self.radius(of: layer, scale: &scale)
        }
        return radius
    }

    /// Whole LR pixels an output pixel depends on either side of the one it lies over: ⌈receptiveRadius⌉.
    public var receptivePixels: Int { Int(receptiveRadius.rounded(.up)) }

    /// The radius `layer` adds at `scale` (output pixels per input pixel so far), which it updates.
    static func radius(of layer: any UnaryLayer, scale: inout Double) -> Double {
        switch layer {
        case let conv as Conv2d:
            return Double((conv.weight.value.shape[2] - 1) / 2) / scale
        case let sequence as Sequential:
            return sequence.layers.reduce(0) { $0 + radius(of: $1, scale: &scale) }
        case let block as ResidualConvBlock:
            return radius(of: block.rcb, scale: &scale)
        case let block as UpsampleBlock:
            return radius(of: block.upsampleBlock, scale: &scale)
        case let shuffle as PixelShuffle:
            scale *= Double(shuffle.factor)
            return 0
        default:
            return 0
        }
    }
}
