// FeatureStatistics: the mean and covariance of a feature set in double precision, as pytorch-fid's
// calculate_activation_statistics (src/pytorch_fid/fid_score.py: np.mean(act, axis=0), np.cov(act, rowvar=False)).
//
//   features (N, D) float32;  mean (D);  covariance (D, D) = (X − mean)ᵀ (X − mean) / (N − 1), row-major
//
// pytorch-fid takes the mean of float32 features in float32; here every sum is in double. The centred rows are
// widened to double a block at a time and added into the covariance with dsyrk (the upper triangle, mirrored at
// the end), so a 50,000 x 2048 set never needs its 800 MB double copy.

import COpenBLAS

public struct FeatureStatistics: Sendable {
    public let count: Int
    public let dimension: Int
    public let mean: [Double]
    /// (D, D) row-major, symmetric.
    public let covariance: [Double]

    /// Rows widened to double per dsyrk call.
    static let blockRows = 512

    /// Throws `MetricsError.tooFewImages` for fewer than 2 vectors (the covariance divides by N − 1).
    public init(_ features: FeatureSet, what: String = "FID") throws {
        guard features.count >= 2 else { throw MetricsError.tooFewImages(what: what, have: features.count, need: 2) }
        let (n, d) = (features.count, features.dimension)
        var mean = [Double](repeating: 0, count: d)
        features.values.withUnsafeBufferPointer { v in
            for i in 0..<n { for j in 0..<d { mean[j] += Double(v[i * d + j]) } }
        }
        for j in 0..<d { mean[j] /= Double(n) }
        var covariance = [Double](repeating: 0, count: d * d)
        var block = [Double](repeating: 0, count: Self.blockRows * d)
        features.values.withUnsafeBufferPointer { v in
            for start in stride(from: 0, to: n, by: Self.blockRows) {
                let rows = min(Self.blockRows, n - start)
                for i in 0..<rows { for j in 0..<d { block[i * d + j] = Double(v[(start + i) * d + j]) - mean[j] } }
                // covariance (upper) += blockᵀ · block
                cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(d), Int32(rows), 1, block, Int32(d), 1,
                            &covariance, Int32(d))
            }
        }
        let scale = 1 / Double(n - 1)
        for i in 0..<d {
            for j in i..<d {
                let c = covariance[i * d + j] * scale
                covariance[i * d + j] = c
                covariance[j * d + i] = c
            }
        }
        (self.count, self.dimension, self.mean, self.covariance) = (n, d, mean, covariance)
    }
}
