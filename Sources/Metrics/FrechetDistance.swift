// FrechetDistance: FID (Heusel et al. 2017) between two feature sets' Gaussians, as pytorch-fid's
// calculate_frechet_distance (src/pytorch_fid/fid_score.py):
//
//   d² = |μ1 − μ2|² + tr(Σ1) + tr(Σ2) − 2 tr((Σ1 Σ2)^½)
//
// pytorch-fid takes scipy's sqrtm of the (non-symmetric) product Σ1Σ2. Only its trace is used, and
// Σ1Σ2 = Σ1^½ (Σ1^½ Σ2 Σ1^½) Σ1^-½ is similar to the symmetric positive semi-definite M = Σ1^½ Σ2 Σ1^½, so
// tr((Σ1Σ2)^½) = Σ √λ_i(M). Here: Σ1^½ from a symmetric eigendecomposition, M by two products, then M's
// eigenvalues (both decompositions LAPACK's dsyevd, in double). Eigenvalues that rounding makes slightly
// negative count as 0, as the real part pytorch-fid keeps of scipy's complex result.
//
// A singular product (fewer vectors than dimensions, a feature that never varies): pytorch-fid adds eps·I to both
// covariances when scipy's sqrtm returns non-finite values. Here the trace comes from eigenvalues of a symmetric
// matrix, finite for finite covariances, and equals scipy's on singular products too (3e-9 relative on the
// fixture's 40- and 50-vector sets of 64 dimensions); the same fallback is kept for a non-finite trace, and
// `diagonalOffset` adds eps·I on request (the test compares it with pytorch-fid's fallback formula).

import COpenBLAS

public enum FrechetDistance {
    public struct Result: Sendable, Equatable {
        /// The distance d² (FID), in the features' units squared.
        public let value: Double
        /// True when an offset·I was added to both covariances (asked for, or pytorch-fid's fallback).
        public let offsetAdded: Bool
    }

    /// FID between the statistics of two feature sets, with `diagonalOffset`·I added to both covariances (0: none).
    /// When the trace is not finite, eps·I is added and the distance computed again (pytorch-fid's fallback).
    /// Throws `MetricsError.shapeMismatch` for different widths.
    public static func distance(_ a: FeatureStatistics, _ b: FeatureStatistics, diagonalOffset: Double = 0,
                                eps: Double = 1e-6) throws -> Result {
        guard a.dimension == b.dimension else {
            throw MetricsError.shapeMismatch(what: "FID", first: [a.count, a.dimension], second: [b.count, b.dimension])
        }
        let value = try frechet(a, b, offset: diagonalOffset)
        if value.isFinite || diagonalOffset != 0 { return Result(value: value, offsetAdded: diagonalOffset != 0) }
        return Result(value: try frechet(a, b, offset: eps), offsetAdded: true)
    }

    /// d² with offset·I added to both covariances.
    static func frechet(_ a: FeatureStatistics, _ b: FeatureStatistics, offset: Double) throws -> Double {
        let d = a.dimension
        var meanTerm = 0.0
        for j in 0..<d { let diff = a.mean[j] - b.mean[j]; meanTerm += diff * diff }
        var s1 = a.covariance, s2 = b.covariance
        if offset != 0 { for j in 0..<d { s1[j * d + j] += offset; s2[j * d + j] += offset } }
        let trace1 = (0..<d).reduce(0.0) { $0 + s1[$1 * d + $1] }
        let trace2 = (0..<d).reduce(0.0) { $0 + s2[$1 * d + $1] }
        let root1 = try SymmetricEigen(s1, n: d).applying { max($0, 0).squareRoot() }
        // M = Σ1^½ Σ2 Σ1^½, made exactly symmetric.
        var t = [Double](repeating: 0, count: d * d), m = t
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(d), Int32(d), Int32(d), 1, root1, Int32(d), s2, Int32(d), 0, &t, Int32(d))
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(d), Int32(d), Int32(d), 1, t, Int32(d), root1, Int32(d), 0, &m, Int32(d))
        for i in 0..<d { for j in (i + 1)..<d { let s = (m[i * d + j] + m[j * d + i]) / 2; m[i * d + j] = s; m[j * d + i] = s } }
        let traceRoot = try SymmetricEigen(m, n: d).values.reduce(0.0) { $0 + max($1, 0).squareRoot() }
        return meanTerm + trace1 + trace2 - 2 * traceRoot
    }

    /// FID between two feature sets (their statistics computed first).
    public static func distance(_ a: FeatureSet, _ b: FeatureSet) throws -> Result {
        try FeatureSet.checkSameDimension(a, b, what: "FID")
        return try distance(FeatureStatistics(a), FeatureStatistics(b))
    }
}
