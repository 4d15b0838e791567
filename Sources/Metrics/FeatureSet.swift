// FeatureSet: N feature vectors of one width, row-major float32 — what FID, KID and IS read (Inception's pool3
// features, or its logits).
//
//   values (N, D)

public struct FeatureSet: Sendable {
    public let count: Int
    public let dimension: Int
    /// Row-major (count, dimension).
    public let values: [Float]

    /// Throws `MetricsError.unsupportedShape` when `values` does not hold count × dimension numbers.
    public init(count: Int, dimension: Int, values: [Float]) throws {
        guard count >= 0, dimension >= 1, values.count == count * dimension else {
            throw MetricsError.unsupportedShape(what: "feature set", shape: [count, dimension],
                                                reason: "\(values.count) values are not \(count) vectors of \(dimension)")
        }
        (self.count, self.dimension, self.values) = (count, dimension, values)
    }

    /// The vectors at `rows`, in that order, widened to double: (rows.count, D) row-major.
    func gatheredDoubles(_ rows: [Int]) -> [Double] {
        var out = [Double](repeating: 0, count: rows.count * dimension)
        values.withUnsafeBufferPointer { v in
            for (i, r) in rows.enumerated() {
                for j in 0..<dimension { out[i * dimension + j] = Double(v[r * dimension + j]) }
            }
        }
        return out
    }

    /// Throws `MetricsError.shapeMismatch` unless both sets have the same width.
    static func checkSameDimension(_ a: FeatureSet, _ b: FeatureSet, what: String) throws {
        guard a.dimension == b.dimension else {
            throw MetricsError.shapeMismatch(what: what, first: [a.count, a.dimension], second: [b.count, b.dimension])
        }
    }
}
