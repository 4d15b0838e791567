// InceptionBenchmark: the forward pass of pytorch-fid's Inception-v3 (Sources/Inception) on a batch of 299x299
// images — what FID, KID and IS spend their time on — timed as the PyTorch peer bench/inception_torch.py times
// pytorch-fid's own network: random weights (or the user's file), random inputs in [0, 1], warm-up passes, then the
// median of timed passes.

import Foundation
import Inception
import NN
import Tensors

public enum InceptionBenchmark {
    public struct Result: Sendable {
        public var batch: Int
        public var side: Int
        /// Median seconds per forward pass of the batch.
        public var seconds: Double
        public var millisecondsPerImage: Double { 1000 * seconds / Double(batch) }
        public var imagesPerSecond: Double { Double(batch) / seconds }
    }

    /// The network with random weights: convolutions and fc uniform with He's bound, batch-norm statistics and
    /// affine parameters near identity (the speed does not depend on the values; random ones avoid all-zero
    /// activations).
    public static func randomModel(seed: UInt64 = 1) throws -> InceptionV3 {
        let model = InceptionV3()
        var rng = RNG(seed: seed)
        var state: [String: Tensor] = [:]
        for (key, tensor) in model.namedState() {
            let shape = tensor.shape
            if key.hasSuffix("running_var") || key.hasSuffix("bn.weight") {
                state[key] = Tensor.randomUniform(shape, low: 0.5, high: 1.5, rng: &rng)
            } else if shape.count >= 2 {
                let bound = Float((6.0 / Double(shape.dropFirst().reduce(1, *))).squareRoot())
                state[key] = Tensor.randomUniform(shape, low: -bound, high: bound, rng: &rng)
            } else {
                state[key] = Tensor.randomUniform(shape, low: -0.1, high: 0.1, rng: &rng)
            }
        }
        try model.load(state, strict: true)
        model.prepare()
        return model
    }

    /// Times `model` on a batch of `batch` random images of `side`²: `warmup` untimed passes, then `reps` timed ones.
    public static func run(model: InceptionV3, batch: Int = InceptionV3.defaultBatchSize, side: Int = InceptionV3.inputSize,
                           reps: Int = 3, warmup: Int = 1) -> Result {
        var rng = RNG(seed: 2)
        let x = Tensor.randomUniform([batch, 3, side, side], rng: &rng)
        for _ in 0..<warmup { _ = model(x) }
        var times: [Double] = []
        for _ in 0..<max(reps, 1) {
            let t = Date()
            _ = model(x)
            times.append(Date().timeIntervalSince(t))
        }
        return Result(batch: batch, side: side, seconds: times.sorted()[times.count / 2])
    }
}
