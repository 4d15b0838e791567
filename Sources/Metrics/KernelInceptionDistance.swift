// KernelInceptionDistance: KID (Bińkowski et al. 2018) as torch-fidelity computes it
// (torch_fidelity/metric_kid.py: kid_features_to_metric, kernel_poly, mmd2 with mmd_est="unbiased"):
//
//   for each of `subsets` subsets: X = m vectors of set 1, Y = m of set 2, drawn with numpy's legacy
//     RandomState(seed).choice(n, m, replace=False) (set 1, then set 2, per subset; LegacyRandomState.swift)
//   k(x, y) = (γ x·y + coef0)^degree, γ = 1 / D, coef0 = 1, degree = 3
//   MMD²_u = (Σ_{i≠j} k(x_i, x_j) + Σ_{i≠j} k(y_i, y_j)) / (m (m − 1)) − 2 Σ_{i,j} k(x_i, y_j) / m²
//   KID = mean and standard deviation (numpy's, ÷ subsets) of MMD²_u over the subsets
//
//   X, Y (m, D) double;  K_XX, K_YY, K_XY (m, m)
// In double throughout (torch-fidelity computes in the features' dtype: float32 for network features).
// The subsets' indices are drawn first, in torch-fidelity's order; the subsets then run in parallel, two at a
// time on two cores, each writing only its own MMD².

import COpenBLAS
import Dispatch

public enum KernelInceptionDistance {
    public struct Result: Sendable, Equatable {
        public let mean: Double
        public let standardDeviation: Double
        /// MMD²_u of each subset, in draw order.
        public let subsetValues: [Double]
        /// The subset size used (the one asked for, or the smaller set's size when that is less).
        public let subsetSize: Int
    }

    /// torch-fidelity's defaults: 100 subsets of 1000, seed 2020, cubic kernel with γ = 1/D and coef0 = 1.
    public static let defaultSubsets = 100, defaultSubsetSize = 1000
    public static let defaultSeed: UInt32 = 2020

    /// KID between two feature sets. A subset size larger than either set is reduced to the smaller set's size
    /// (torch-fidelity refuses it instead); `Result.subsetSize` says which was used. Throws
    /// `MetricsError.shapeMismatch` for different widths, `MetricsError.tooFewImages` for fewer than 2 vectors.
    public static func distance(_ a: FeatureSet, _ b: FeatureSet, subsets: Int = defaultSubsets,
                                subsetSize: Int = defaultSubsetSize, seed: UInt32 = defaultSeed,
                                degree: Int = 3, coef0: Double = 1) throws -> Result {
        try FeatureSet.checkSameDimension(a, b, what: "KID")
        let m = min(subsetSize, a.count, b.count)
        guard m >= 2 else { throw MetricsError.tooFewImages(what: "KID", have: min(a.count, b.count), need: 2) }
        precondition(subsets >= 1, "KID: subsets \(subsets) must be ≥ 1")
        var rng = LegacyRandomState(seed: seed)
        var draws: [(x: [Int], y: [Int])] = []
        for _ in 0..<subsets {
            let x = rng.choiceWithoutReplacement(a.count, m)
            let y = rng.choiceWithoutReplacement(b.count, m)
            draws.append((x, y))
        }
        let gamma = 1.0 / Double(a.dimension)
        var values = [Double](repeating: 0, count: subsets)
        values.withUnsafeMutableBufferPointer { out in
            let results = out.baseAddress!
            let workers = 2
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for s in stride(from: w, to: subsets, by: workers) {
                    results[s] = mmd2Unbiased(a.gatheredDoubles(draws[s].x), b.gatheredDoubles(draws[s].y), m: m,
                                              d: a.dimension, gamma: gamma, coef0: coef0, degree: degree)
                }
            }
        }
        let mean = values.reduce(0, +) / Double(subsets)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(subsets)
        return Result(mean: mean, standardDeviation: variance.squareRoot(), subsetValues: values, subsetSize: m)
    }

    /// MMD²_u of one subset (torch-fidelity's mmd2 with the polynomial kernel).   x, y (m, D) row-major
    static func mmd2Unbiased(_ x: [Double], _ y: [Double], m: Int, d: Int, gamma: Double, coef0: Double, degree: Int) -> Double {
        var gram = [Double](repeating: 0, count: m * m)
        /// Σ over the m×m kernel matrix of the Gram products in `gram`, and Σ of its diagonal.
        func kernelSums() -> (all: Double, diagonal: Double) {
            var all = 0.0, diagonal = 0.0
            for i in 0..<m {
                var row = 0.0
                for j in 0..<m { row += power(gamma * gram[i * m + j] + coef0, degree) }
                all += row
                diagonal += power(gamma * gram[i * m + i] + coef0, degree)
            }
            return (all, diagonal)
        }
        func gramOf(_ p: [Double], _ q: [Double]) {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(m), Int32(d), 1, p, Int32(d), q, Int32(d),
                        0, &gram, Int32(m))
        }
        gramOf(x, x)
        let xx = kernelSums()
        gramOf(y, y)
        let yy = kernelSums()
        gramOf(x, y)
        let xy = kernelSums()
        let md = Double(m)
        return ((xx.all - xx.diagonal) + (yy.all - yy.diagonal)) / (md * (md - 1)) - 2 * xy.all / (md * md)
    }

    @inline(__always)
    static func power(_ v: Double, _ degree: Int) -> Double {
        var r = 1.0
        for _ in 0..<degree { r *= v }
        return r
    }
}
