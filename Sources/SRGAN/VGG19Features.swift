// The convolutional part of VGG19 (Simonyan & Zisserman 2015, configuration E) with torchvision's layout,
// `features.N.weight|bias`, so that torchvision's ImageNet weights load by name. SRGAN's perceptual loss
// compares these features of the output and the target (Ledig et al. 2017 §2.2.1: φ5,4 = relu5_4 = index 35).
//
//   index:  0 conv1_1  1 relu  2 conv1_2  3 relu1_2  4 pool
//           5 conv2_1  6 relu  7 conv2_2  8 relu2_2  9 pool
//          10..17 conv3_1..relu3_4  18 pool  19..26 conv4_1..relu4_4  27 pool  28..35 conv5_1..relu5_4  36 pool
//
// Input: RGB in [0, 1]; the model applies ImageNet's normalisation itself (torchvision's weights expect it).

import NN
import Tensors

public final class VGG19Features: Module, UnaryLayer {
    /// torchvision's `features`, built up to `lastIndex`.
    public let features: Sequential
    /// The index of the last layer built; the output is taken after it.
    public let lastIndex: Int

    /// Output channels per convolution of configuration E, with 0 for a 2x2 max-pool.
    static let configuration = [64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0]

    /// Feature layers by their usual names (the ReLU after each convolution).
    public static let layerIndex: [String: Int] = [
        "relu1_1": 1, "relu1_2": 3, "relu2_1": 6, "relu2_2": 8, "relu3_1": 11, "relu3_2": 13, "relu3_3": 15, "relu3_4": 17,
        "relu4_1": 20, "relu4_2": 22, "relu4_3": 24, "relu4_4": 26, "relu5_1": 29, "relu5_2": 31, "relu5_3": 33, "relu5_4": 35,
    ]

    /// ImageNet's per-channel mean and standard deviation (torchvision's), as (1, 3, 1, 1).
    static let mean = Tensor(shape: [1, 3, 1, 1], data: [0.485, 0.456, 0.406])
    static let std = Tensor(shape: [1, 3, 1, 1], data: [0.229, 0.224, 0.225])

    /// Builds `features.0 … features.lastIndex` (35 = relu5_4, SRGAN's choice). The model is frozen
    /// (a fixed feature extractor gets no gradients for its weights) and in eval mode; `unfreeze()` to train it.
    public init(upTo lastIndex: Int = 35, rng: inout RNG) {
        precondition((0...36).contains(lastIndex), "VGG19Features: layer index \(lastIndex) is outside 0...36")
        var layers: [any UnaryLayer] = []
        var channels = 3
        for width in Self.configuration where layers.count <= lastIndex {
            if width == 0 {
                layers.append(MaxPool2d(2))
            } else {
                layers.append(Conv2d(inputChannels: channels, outputChannels: width, kernelSize: 3, padding: 1, rng: &rng))
                if layers.count <= lastIndex { layers.append(ReLU()) }
                channels = width
            }
        }
        features = Sequential(Array(layers.prefix(lastIndex + 1)))
        self.lastIndex = lastIndex
        super.init()
        freeze()
        eval()
    }

    public convenience init(upTo lastIndex: Int = 35, seed: UInt64 = 0) {
        var rng = RNG(seed: seed)
        self.init(upTo: lastIndex, rng: &rng)
    }

    /// ImageNet normalisation: (x − mean) / std per channel.
    public func normalize(_ x: Tensor) -> Tensor { (x - Self.mean) / Self.std }

    /// x: (N, 3, H, W) RGB in [0, 1] → the features after layer `lastIndex`.
    public func callAsFunction(_ x: Tensor) -> Tensor { features(normalize(x)) }

    /// The features after each layer of `indices` (each ≤ lastIndex), in the order asked, from one pass.
    public func callAsFunction(_ x: Tensor, taps indices: [Int]) -> [Tensor] {
        for i in indices { precondition((0...lastIndex).contains(i), "VGG19Features: layer \(i) is not built (0...\(lastIndex))") }
        let last = indices.max() ?? -1
        var outputs: [Int: Tensor] = [:]
        var h = normalize(x)
        for i in 0...max(last, 0) where i <= last {
            h = features[i](h)
            if indices.contains(i) { outputs[i] = h }
        }
        return indices.map { outputs[$0]! }
    }
}
