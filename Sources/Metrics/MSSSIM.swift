// MSSSIM: multi-scale SSIM as ProGAN's official metrics/ms_ssim.py computes it (adapted there from
// TensorFlow's research/compression msssim.py; Wang, Simoncelli & Bovik 2003).
//
// On float 0..255 colour images: 5 levels with weights [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];
// at each level SSIM and cs with a Gaussian window of 11 (σ 1.5) shrunk to min(11, H, W) with σ scaled
// by size/11, 'valid' filtering, k1 0.01, k2 0.03; 2x2 average between levels; cs and ssim clipped at 0;
// score = ∏_{l<5} cs_l^{w_l} · ssim_5^{w_5}.
// Two uses: diversity of a set (mean over random pairs; lower = more diverse) and full-reference
// MS-SSIM(output, truth).

import Foundation
import Dispatch

public enum MSSSIM {
    public static let weights: [Double] = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]
    /// The smallest image side: five scales, four 2x2 halvings (16 → 1 px).
    public static let minimumSide = 16

    /// MS-SSIM of image `i` of `a` and image `j` of `b` (same shape).
    public static func score(_ a: ImageBatch, _ i: Int, _ b: ImageBatch, _ j: Int) throws -> Double {
        guard a.shape.dropFirst() == b.shape.dropFirst() else {
            throw MetricsError.shapeMismatch(what: "MS-SSIM", first: a.shape, second: b.shape)
        }
        precondition(i >= 0 && i < a.count && j >= 0 && j < b.count, "MSSSIM.score: image index out of range")
        let s = a.imageSize
        let x = a.pixels[(i * s)..<((i + 1) * s)].map(Double.init)
        let y = b.pixels[(j * s)..<((j + 1) * s)].map(Double.init)
        return score(x, y, channels: a.channels, height: a.height, width: a.width)
    }

    /// MS-SSIM of two (C, H, W) images of values 0…255.
    static func score(_ x0: [Double], _ y0: [Double], channels: Int, height: Int, width: Int) -> Double {
        var x = x0, y = y0, h = height, w = width
        var result = 1.0
        for (l, weight) in weights.enumerated() {
            let size = min(11, h, w)
            let sigma = Double(size) * 1.5 / 11
            let (ssim, cs) = SSIMKernel.ssimAndCS(x, y, channels: channels, height: h, width: w,
                                                  window: SSIMKernel.gaussian(size: size, sigma: sigma),
                                                  c1: pow(0.01 * 255, 2), c2: pow(0.03 * 255, 2))
            if l == weights.count - 1 {
                result *= pow(max(ssim, 0), weight)
            } else {
                result *= pow(max(cs, 0), weight)
                // The official 2x2 average needs even sizes; an odd last row/column is dropped.
                let hx = halve(x, channels: channels, height: h, width: w)
                let hy = halve(y, channels: channels, height: h, width: w)
                x = hx.0; y = hy.0; h = hx.1; w = hx.2
            }
        }
        return result
    }

    /// 2x2 average: (C, H, W) → (C, H/2, W/2).
    static func halve(_ x: [Double], channels: Int, height h: Int, width w: Int) -> ([Double], Int, Int) {
        let ho = h / 2, wo = w / 2
        var out = [Double](repeating: 0, count: channels * ho * wo)
        for c in 0..<channels {
            for r in 0..<ho {
                for j in 0..<wo {
                    let b = c * h * w + 2 * r * w + 2 * j
                    out[(c * ho + r) * wo + j] = (x[b] + x[b + w] + x[b + 1] + x[b + w + 1]) * 0.25
                }
            }
        }
        return (out, ho, wo)
    }

    /// Mean MS-SSIM over the pairs (a[k], b[k]) of two batches of the same shape (full reference:
    /// outputs against ground truths), with each pair's score. Pairs are split over the two cores.
    public static func pairwise(_ a: ImageBatch, _ b: ImageBatch) throws -> (mean: Double, scores: [Double]) {
        guard a.shape == b.shape else { throw MetricsError.shapeMismatch(what: "MS-SSIM", first: a.shape, second: b.shape) }
        let pairs = (0..<a.count).map { ($0, $0) }
        let scores = try scoresOf(pairs, a, b)
        return (scores.reduce(0, +) / Double(max(scores.count, 1)), scores)
    }

    /// Diversity of a set (ProGAN §5): mean MS-SSIM over `pairs` random pairs of distinct images.
    public static func diversity(_ images: ImageBatch, pairs: Int, seed: UInt64) throws -> Double {
        // No pairs would report 0 (the most diverse set possible) as if it were a result.
        guard pairs >= 1 else { throw MetricsError.tooFewImages(what: "MS-SSIM diversity (pairs)", have: pairs, need: 1) }
        guard images.count >= 2 else { throw MetricsError.tooFewImages(what: "MS-SSIM diversity", have: images.count, need: 2) }
        var rng = SplitMix(seed: seed)
        let list = (0..<pairs).map { _ -> (Int, Int) in
            let i = Int.random(in: 0..<images.count, using: &rng)
            var j = Int.random(in: 0..<(images.count - 1), using: &rng)
            if j >= i { j += 1 }
            return (i, j)
        }
        let scores = try scoresOf(list, images, images)
        return scores.reduce(0, +) / Double(max(scores.count, 1))
    }

    static func scoresOf(_ pairs: [(Int, Int)], _ a: ImageBatch, _ b: ImageBatch) throws -> [Double] {
        guard a.height >= minimumSide && a.width >= minimumSide else {
            throw MetricsError.tooSmall(what: "MS-SSIM", height: a.height, width: a.width, minimum: minimumSide)
        }
        var scores = [Double](repeating: 0, count: pairs.count)
        let workers = min(2, pairs.count)
        scores.withUnsafeMutableBufferPointer { sb in
            let out = sb.baseAddress!
            DispatchQueue.concurrentPerform(iterations: max(workers, 1)) { w in
                var k = w
                while k < pairs.count {
                    let (i, j) = pairs[k]
                    out[k] = (try? score(a, i, b, j)) ?? .nan
                    k += max(workers, 1)
                }
            }
        }
        return scores
    }
}
