// SymmetricEigen: the eigenvalues and eigenvectors of a real symmetric matrix, in double precision, by LAPACK's
// dsyevd (divide and conquer) as OpenBLAS ships it. FID's matrix square roots are made of two of these.
//
//   a (n, n) symmetric, row-major (only its upper triangle in row-major order is read)
//   values (n) ascending;  vectors (n, n) row-major, row k = the unit eigenvector of values[k]

import COpenBLAS

public struct SymmetricEigen {
    public let n: Int
    public let values: [Double]
    public let vectors: [Double]

    /// Decomposes `a`. Throws `MetricsError.unsupportedShape` if LAPACK reports a failure (a matrix with NaN,
    /// or no convergence).
    public init(_ a: [Double], n: Int) throws {
        precondition(a.count == n * n, "SymmetricEigen: \(a.count) values are not a \(n)x\(n) matrix")
        self.n = n
        guard n > 0 else { values = []; vectors = []; return }
        // Row-major a is column-major aᵀ = a; LAPACK's "L" (lower, column-major) is row-major's upper triangle.
        // Its eigenvectors come back as columns of a column-major matrix: rows of the row-major buffer.
        var matrix = a
        var w = [Double](repeating: 0, count: n)
        var jobz = Int8(UInt8(ascii: "V")), uplo = Int8(UInt8(ascii: "L"))
        var size = Int32(n), lda = Int32(n), info: Int32 = 0
        // Workspace query, then the decomposition.
        var workSize = 0.0, iworkSize: Int32 = 0, query: Int32 = -1
        dsyevd_(&jobz, &uplo, &size, &matrix, &lda, &w, &workSize, &query, &iworkSize, &query, &info)
        var lwork = Int32(workSize), liwork = iworkSize
        var work = [Double](repeating: 0, count: Int(lwork)), iwork = [Int32](repeating: 0, count: Int(liwork))
        dsyevd_(&jobz, &uplo, &size, &matrix, &lda, &w, &work, &lwork, &iwork, &liwork, &info)
        guard info == 0 else {
            throw MetricsError.unsupportedShape(what: "symmetric eigendecomposition", shape: [n, n],
                                                reason: "LAPACK dsyevd failed (info \(info)): the matrix has NaN or infinite values")
        }
        values = w
        vectors = matrix
    }

    /// Σ_k f(values[k]) · v_k v_kᵀ, (n, n) row-major: the matrix function f(a) (a square root for f = √).
    public func applying(_ f: (Double) -> Double) -> [Double] {
        var scaled = vectors   // row k scaled by f(values[k])
        for k in 0..<n {
            let s = f(values[k])
            for j in 0..<n { scaled[k * n + j] *= s }
        }
        var out = [Double](repeating: 0, count: n * n)
        // out = Vᵀ · scaled, with V = vectors (rows are eigenvectors).
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, vectors, Int32(n),
                    scaled, Int32(n), 0, &out, Int32(n))
        return out
    }
}
