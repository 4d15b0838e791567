// UpscaleBenchmark: SRResNet inference speed (images per second) at the shapes of the issue — the published
// 16-block, 64-channel ×4 model on 64→256 and 32→128 at batch 1 and 16 — timed the same way as the PyTorch
// peer bench/srresnet_torch.py (random weights in eval mode, random inputs, warm-up runs, then the median
// of timed runs).

import Foundation
import Imaging
import SRGAN
import Tensors

public enum UpscaleBenchmark {
    public struct Result: Sendable {
        public var name: String
        public var inputSide: Int
        public var batch: Int
        /// Median seconds per forward pass of the batch.
        public var seconds: Double
        public var imagesPerSecond: Double { Double(batch) / seconds }
    }

    /// The cases (input side, batch), largest last.
    public static let cases = [(32, 1), (32, 16), (64, 1), (64, 16)]

    /// Times `model` on each case: `warmup` untimed passes, then `reps` timed ones (the median is kept).
    public static func run(blocks: Int = 16, channels: Int = 64, reps: Int = 3, warmup: Int = 1,
                           only: [(Int, Int)] = cases, progress: (Result) -> Void = { _ in }) -> [Result] {
        let model = SRResNet(blocks: blocks, channels: channels, upscale: 4, seed: 1).eval()
        var rng = RNG(seed: 2)
        var results: [Result] = []
        for (side, batch) in only {
            let x = Tensor.randomUniform([batch, 3, side, side], rng: &rng)
            for _ in 0..<warmup { _ = withoutGrad { model(x) } }
            var times: [Double] = []
            for _ in 0..<max(reps, 1) {
                let t = Date()
                _ = withoutGrad { model(x) }
                times.append(Date().timeIntervalSince(t))
            }
            let r = Result(name: "srresnet\(blocks)x\(channels) \(side)->\(side * 4) batch \(batch)", inputSide: side, batch: batch,
                           seconds: times.sorted()[times.count / 2])
            results.append(r)
            progress(r)
        }
        return results
    }
}
