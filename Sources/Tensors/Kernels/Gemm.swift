// GEMM: single-precision matrix products through OpenBLAS' cblas_sgemm.
//
// OpenBLAS runs single-threaded: all parallelism is ours (Parallel.swift), splitting batches or rows
// over the cores, so a GEMM inside one of our parallel loops never starts threads of its own.

import COpenBLAS

extension Kernels {
    /// Sets OpenBLAS to one thread, once, before the first GEMM.
    static let blasSingleThreaded: Void = { openblas_set_num_threads(1) }()

    /// C (m×n) = alpha · op(A) · op(B) + beta · C, all row-major.
    /// op(A) is m×k (A stored k×m when transA), op(B) is k×n (B stored n×k when transB).
    @inline(__always)
    static func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                      _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
                      beta: Float = 0, _ c: UnsafeMutablePointer<Float>, ldc: Int) {
        _ = blasSingleThreaded
        if m == 0 || n == 0 { return }
        if k == 0 {
            if beta == 0 { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            return
        }
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The same product with the rows of C split over the cores (for one large GEMM).
    static func sgemmParallel(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                              _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
                              beta: Float = 0, _ c: UnsafeMutablePointer<Float>, ldc: Int) {
        let grain = max(16, (1 << 18) / max(n * k, 1))   // rows per worker worth a thread hand-off
        Parallel.forRange(m, grain: grain) { r in
            // Rows r of op(A): when transA, they are columns of the stored A.
            let aRows = transA ? a + r.lowerBound : a + r.lowerBound * lda
            sgemm(transA: transA, transB: transB, m: r.count, n: n, k: k, aRows, lda: lda, b, ldb: ldb,
                  beta: beta, c + r.lowerBound * ldc, ldc: ldc)
        }
    }
}
