// The op benchmark: forward + backward of the convolutions ProGAN is made of, at batch 16, the same
// cases as the PyTorch peer (../shared/bench/ops_torch.py), and the machine's sgemm speed measured
// in the same run as the yardstick. FLOPs are counted as the peer counts them: 3 × forward.

import Foundation
import Tensors

public enum OpBenchmark {
    public struct Result: Sendable {
        public let op: String
        public let ms: Double
        public let gflops: Double
    }

    /// The peer's cases: (batch, channels, size).
    public static let shapes = [(16, 128, 16), (16, 128, 32), (16, 64, 64)]

    /// Times every case; `reps` timed runs after 3 warm-up runs (as the peer).
    public static func run(reps: Int = 20, only filter: String? = nil) -> [Result] {
        var results: [Result] = []
        for (n, c, h) in shapes {
            var rng = RNG(seed: 1)
            let x = Tensor.randomNormal([n, c, h, h], rng: &rng).requiringGrad()
            let w = Tensor.randomNormal([c, c, 3, 3], rng: &rng).requiringGrad()
            let wd = Tensor.randomNormal([c, 1, 3, 3], rng: &rng).requiringGrad()
            let wp = Tensor.randomNormal([c, c, 1, 1], rng: &rng).requiringGrad()
            let m = Double(n * h * h), cc = Double(c)
            let cases: [(String, Double, () -> Tensor)] = [
                ("conv3x3", 3 * 2 * m * cc * cc * 9, { Tensor.conv2d(x, weight: w, padding: 1) }),
                ("depthwise3x3", 3 * 2 * m * cc * 9, { Tensor.conv2d(x, weight: wd, padding: 1, groups: c) }),
                ("pointwise1x1", 3 * 2 * m * cc * cc, { Tensor.conv2d(x, weight: wp) }),
                ("separable3x3", 3 * 2 * m * cc * (9 + cc), {
                    Tensor.conv2d(Tensor.conv2d(x, weight: wd, padding: 1, groups: c), weight: wp) }),
            ]
            for (name, flops, forward) in cases {
                let label = "\(name) \(n)x\(c)x\(h)x\(h)"
                if let filter, !label.contains(filter) { continue }
                let params = name == "conv3x3" ? [w] : name == "depthwise3x3" ? [wd] : name == "pointwise1x1" ? [wp] : [wd, wp]
                let step = {
                    let y = forward()
                    _ = vjp(of: y, seed: Tensor.ones(y.shape), wrt: [x] + params)
                }
                let s = seconds(reps: reps, step)
                results.append(Result(op: label, ms: s * 1e3, gflops: flops / s / 1e9))
            }
        }
        results += extraCases(reps: reps, only: filter)
        return results
    }

    /// Cases the peer does not time, after its cases: SRResNet's 9x9 convolutions at 96 px (the first,
    /// 3 → 64, and the last, 64 → 3, whose im2col matrix is 191 MB per image) with fewer repetitions,
    /// and the ProGAN/SRGAN resampling ops (pixel shuffle ×2, 2x2 average pool, nearest upsampling ×2).
    /// FLOPs count the convolutions only (3 × forward); the other ops report 0.
    static func extraCases(reps: Int, only filter: String?) -> [Result] {
        var rng = RNG(seed: 2)
        let x3 = Tensor.randomNormal([16, 3, 96, 96], rng: &rng).requiringGrad()
        let x64 = Tensor.randomNormal([16, 64, 96, 96], rng: &rng).requiringGrad()
        let w3to64 = Tensor.randomNormal([64, 3, 9, 9], rng: &rng).requiringGrad()
        let w64to3 = Tensor.randomNormal([3, 64, 9, 9], rng: &rng).requiringGrad()
        let xShuffle = Tensor.randomNormal([16, 256, 24, 24], rng: &rng).requiringGrad()
        let xPool = Tensor.randomNormal([16, 128, 32, 32], rng: &rng).requiringGrad()
        let conv9x9 = 3 * 2 * Double(16 * 96 * 96 * 64 * 3 * 81)
        let cases: [(String, Double, Int, () -> Tensor, [Tensor])] = [
            ("conv9x9 16x3x96x96 to 64", conv9x9, max(2, reps / 4), { Tensor.conv2d(x3, weight: w3to64, padding: 4) }, [x3, w3to64]),
            ("conv9x9 16x64x96x96 to 3", conv9x9, max(2, reps / 4), { Tensor.conv2d(x64, weight: w64to3, padding: 4) }, [x64, w64to3]),
            ("pixelshuffle2 16x256x24x24", 0, reps, { xShuffle.pixelShuffle(2) }, [xShuffle]),
            ("avgpool2 16x128x32x32", 0, reps, { xPool.avgPool2d(2) }, [xPool]),
            ("upsample2 16x128x32x32", 0, reps, { xPool.upsampleNearest(2) }, [xPool]),
        ]
        var results: [Result] = []
        for (label, flops, caseReps, forward, wrt) in cases {
            if let filter, !label.contains(filter) { continue }
            let s = seconds(reps: caseReps) {
                let y = forward()
                _ = vjp(of: y, seed: Tensor.ones(y.shape), wrt: wrt)
            }
            results.append(Result(op: label, ms: s * 1e3, gflops: flops / s / 1e9))
        }
        return results
    }

    /// The machine's sgemm GFLOP/s on square n×n matrices, with one worker per core (each its own
    /// single-threaded GEMM, the way our kernels use OpenBLAS) and with one worker.
    public static func sgemmGFLOPS(n: Int = 1024, reps: Int = 10) -> (oneCore: Double, allCores: Double) {
        let a = Tensor.full([n, n], 0.5), b = Tensor.full([n, n], 0.25)
        let flops = 2 * Double(n * n * n)
        let saved = Parallel.workers
        Parallel.workers = 1
        let one = flops / seconds(reps: reps) { _ = Tensor.matmul(a, b) } / 1e9
        Parallel.workers = saved
        let all = flops / seconds(reps: reps) { _ = Tensor.matmul(a, b) } / 1e9
        return (one, all)
    }

    /// Mean seconds per call of `body` over `reps` calls, after 3 untimed warm-up calls.
    public static func seconds(reps: Int, _ body: () -> Void) -> Double {
        for _ in 0..<3 { body() }
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<reps { body() }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(reps)
    }
}
