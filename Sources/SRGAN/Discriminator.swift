// The SRGAN discriminator (Ledig et al. 2017, Fig. 4): eight 3x3 convolutions, 64 → 512 channels, every
// second one strided to halve the image, BatchNorm after all but the first, leaky ReLU 0.2; then dense 1024,
// leaky ReLU, dense 1 (a logit: the loss is BCE with logits). Layout and keys of SRGAN-PyTorch's
// `Discriminator`:
//
//   features.{0}          conv 3→C, bias                              (then LeakyReLU at 1)
//   features.{2,5,…,20}   conv without bias, {3,6,…,21} BatchNorm2d   (then LeakyReLU)
//   classifier.0          Linear(8C · (crop/16)², dense), classifier.2 Linear(dense, 1)
//
// The dense layer's input follows from the HR crop (96 px → 6x6 after four stride-2 convolutions), so a
// discriminator is built for one crop size. `channels` = C = 64 and `dense` = 1024 are the paper's.

import NN
import Tensors

public final class Discriminator: Module, UnaryLayer {
    public let features: Sequential
    public let classifier: Sequential
    /// The HR crop side the dense layer was sized for (a multiple of 16).
    public let cropSize: Int

    public init(cropSize: Int = 96, channels: Int = 64, dense: Int = 1024, rng: inout RNG) {
        precondition(cropSize >= 16 && cropSize % 16 == 0, "Discriminator: the crop size must be a multiple of 16 (four halvings), got \(cropSize)")
        precondition(channels >= 1 && dense >= 1, "Discriminator: channels and dense width must be positive")
        // (output channels, stride) of the eight convolutions.
        let plan = [(channels, 1), (channels, 2), (2 * channels, 1), (2 * channels, 2),
                    (4 * channels, 1), (4 * channels, 2), (8 * channels, 1), (8 * channels, 2)]
        var layers: [any UnaryLayer] = []
        var inputChannels = 3
        for (i, (width, stride)) in plan.enumerated() {
            layers.append(Conv2d(inputChannels: inputChannels, outputChannels: width, kernelSize: 3, stride: stride,
                                 padding: 1, bias: i == 0, rng: &rng))
            if i > 0 { layers.append(BatchNorm2d(channels: width)) }
            layers.append(LeakyReLU(slope: 0.2))
            inputChannels = width
        }
        features = Sequential(layers)
        let side = cropSize / 16
        classifier = Sequential(Linear(inputFeatures: 8 * channels * side * side, outputFeatures: dense, rng: &rng),
                                LeakyReLU(slope: 0.2),
                                Linear(inputFeatures: dense, outputFeatures: 1, rng: &rng))
        self.cropSize = cropSize
        super.init()
    }

    public convenience init(cropSize: Int = 96, channels: Int = 64, dense: Int = 1024, seed: UInt64) {
        var rng = RNG(seed: seed)
        self.init(cropSize: cropSize, channels: channels, dense: dense, rng: &rng)
    }

    /// The indices in `features` of the leaky ReLUs, one per convolution: where feature matching taps D.
    public var activationIndices: [Int] {
        (0..<features.layers.count).filter { features.layers[$0] is LeakyReLU }
    }

    /// x: (N, 3, crop, crop) in [0, 1] → (N, 1) logits.
    public func callAsFunction(_ x: Tensor) -> Tensor { logitsAndFeatures(x).logits }

    /// The logits and the output of every leaky ReLU of `features` (pix2pixHD's feature-matching taps).
    public func logitsAndFeatures(_ x: Tensor) -> (logits: Tensor, features: [Tensor]) {
        precondition(x.rank == 4 && x.shape[2] == cropSize && x.shape[3] == cropSize,
                     "Discriminator: built for \(cropSize)x\(cropSize) crops, got input \(x.shape)")
        var taps: [Tensor] = []
        var h = x
        for layer in features.layers {
            h = layer(h)
            if layer is LeakyReLU { taps.append(h) }
        }
        return (classifier(h.flattened()), taps)
    }
}
