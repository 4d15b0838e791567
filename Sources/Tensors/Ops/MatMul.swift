// Matrix products: matmul (2-D, and batched 3-D) with optional transposes, and linear.
//
// Backward of C = op(A)·op(B), with G = ∂L/∂C:
//   ∂A = G·op(B)ᵀ (stored as A is: transposed when transA),  ∂B = op(A)ᵀ·G (likewise).
// Written with matmul itself, so a second derivative passes through.

extension Tensor {
    /// op(a) · op(b) for 2-D [m, k]·[k, n], or batched 3-D [B, m, k]·[B, k, n].
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        shapeCheck((a.rank == 2 && b.rank == 2) || (a.rank == 3 && b.rank == 3 && a.shape[0] == b.shape[0]),
                   "matmul: shapes \(a.shape) and \(b.shape) are not both 2-D or both 3-D with one batch size")
        let batched = a.rank == 3
        let ar = a.shape.suffix(2), br = b.shape.suffix(2)
        let m = transposeA ? ar.last! : ar.first!, k = transposeA ? ar.first! : ar.last!
        let kb = transposeB ? br.last! : br.first!, n = transposeB ? br.first! : br.last!
        shapeCheck(k == kb, "matmul: shapes \(a.shape)\(transposeA ? "ᵀ" : "") and \(b.shape)\(transposeB ? "ᵀ" : "") do not chain (\(k) ≠ \(kb))")
        let batch = batched ? a.shape[0] : 1
        let outShape = batched ? [batch, m, n] : [m, n]
        let y = Tensor(shape: outShape) { c in
            if batch == 1 {
                Kernels.sgemmParallel(transA: transposeA, transB: transposeB, m: m, n: n, k: k,
                                      a.data, lda: ar.last!, b.data, ldb: br.last!, c, ldc: n)
            } else {
                Parallel.forRange(batch) { r in
                    for i in r {
                        Kernels.sgemm(transA: transposeA, transB: transposeB, m: m, n: n, k: k,
                                      a.data + i * m * k, lda: ar.last!, b.data + i * k * n, ldb: br.last!,
                                      c + i * m * n, ldc: n)
                    }
                }
            }
        }
        return record(y, op: "matmul", inputs: [a, b]) { g, needs in
            var ga: Tensor? = nil, gb: Tensor? = nil
            if needs[0] {
                ga = transposeA ? matmul(b, g, transposeA: transposeB, transposeB: true)
                                : matmul(g, b, transposeA: false, transposeB: !transposeB)
            }
            if needs[1] {
                gb = transposeB ? matmul(g, a, transposeA: true, transposeB: transposeA)
                                : matmul(a, g, transposeA: !transposeA, transposeB: false)
            }
            return [ga, gb]
        }
    }

    /// x·wᵀ + b for x [N, in], w [out, in], b [out] (PyTorch's nn.Linear layout).
    public static func linear(_ x: Tensor, weight w: Tensor, bias b: Tensor? = nil) -> Tensor {
        shapeCheck(x.rank == 2 && w.rank == 2 && x.shape[1] == w.shape[1],
                   "linear: input \(x.shape) and weight \(w.shape) do not match ([N, in] and [out, in])")
        let y = matmul(x, w, transposeB: true)
        guard let b else { return y }
        shapeCheck(b.shape == [w.shape[0]], "linear: bias \(b.shape) does not match weight \(w.shape)")
        return y + b
    }
}
