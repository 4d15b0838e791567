// InceptionScore: IS (Salimans et al. 2016) from Inception's logits, as torch-fidelity's isc_features_to_metric
// (torch_fidelity/metric_isc.py) and the original code (openai/improved-gan, inception_score/model.py):
//
//   p(y|x) = softmax(logits), log p = log_softmax(logits)      (per row, in double)
//   split i: rows ⌊i·N/splits⌋ ..< ⌊(i+1)·N/splits⌋;  p(y) = their mean p(y|x)
//            score_i = exp(mean over the rows of Σ_y p(y|x) (log p(y|x) − log p(y)))
//   IS = mean and standard deviation (numpy's, ÷ splits) of the scores
//
// torch-fidelity first shuffles the rows with numpy's legacy RandomState(2020).permutation(N) (samples_shuffle,
// on by default); the original code does not shuffle. Both are offered (`shuffle`).
// The logits are those of the 2015-12-05 graph without the final bias (the original multiplies pool3 by the
// softmax weight alone; torch-fidelity's 'logits_unbiased'): Inception's `unbiasedLogits`.
//
//   logits (N, C)

import Foundation

public enum InceptionScore {
    public struct Result: Sendable, Equatable {
        public let mean: Double
        public let standardDeviation: Double
        /// exp(mean KL) of each split, in order.
        public let splitScores: [Double]
    }

    public static let defaultSplits = 10
    public static let defaultSeed: UInt32 = 2020

    /// IS of a set of logits. Throws `MetricsError.tooFewImages` when there are fewer rows than splits.
    public static func score(_ logits: FeatureSet, splits: Int = defaultSplits, shuffle: Bool = true,
                             seed: UInt32 = defaultSeed) throws -> Result {
        let (n, c) = (logits.count, logits.dimension)
        guard splits >= 1, n >= splits else { throw MetricsError.tooFewImages(what: "Inception Score", have: n, need: max(splits, 1)) }
        var order = Array(0..<n)
        if shuffle {
            var rng = LegacyRandomState(seed: seed)
            order = rng.permutation(n)
        }
        // p and log p per row, in the shuffled order.
        var p = [Double](repeating: 0, count: n * c), logP = p
        logits.values.withUnsafeBufferPointer { z in
            for (row, source) in order.enumerated() {
                let zr = z.baseAddress! + source * c
                var largest = -Double.infinity
                for j in 0..<c { largest = max(largest, Double(zr[j])) }
                var sum = 0.0
                for j in 0..<c { sum += Foundation.exp(Double(zr[j]) - largest) }
                let logSum = Foundation.log(sum)
                for j in 0..<c {
                    let shifted = Double(zr[j]) - largest
                    p[row * c + j] = Foundation.exp(shifted) / sum
                    logP[row * c + j] = shifted - logSum
                }
            }
        }
        var scores: [Double] = []
        for i in 0..<splits {
            let lo = i * n / splits, hi = (i + 1) * n / splits
            var logQ = [Double](repeating: 0, count: c)
            for r in lo..<hi { for j in 0..<c { logQ[j] += p[r * c + j] } }
            for j in 0..<c { logQ[j] = Foundation.log(logQ[j] / Double(hi - lo)) }
            var klSum = 0.0
            for r in lo..<hi {
                var kl = 0.0
                for j in 0..<c { kl += p[r * c + j] * (logP[r * c + j] - logQ[j]) }
                klSum += kl
            }
            scores.append(Foundation.exp(klSum / Double(hi - lo)))
        }
        let mean = scores.reduce(0, +) / Double(splits)
        let variance = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(splits)
        return Result(mean: mean, standardDeviation: variance.squareRoot(), splitScores: scores)
    }
}
