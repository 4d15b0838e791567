// Copy kernels: permutation of axes, and block copies along one axis (slice, pad-back, concat).

extension Kernels {
    /// out = x with axes permuted: out.shape[i] = x.shape[perm[i]].
    static func permute(_ x: UnsafePointer<Float>, shape: [Int], perm: [Int], _ out: UnsafeMutablePointer<Float>) {
        let rank = shape.count
        var inStrides = [Int](repeating: 1, count: rank)
        for i in stride(from: rank - 2, through: 0, by: -1) { inStrides[i] = inStrides[i + 1] * shape[i + 1] }
        let outShape = perm.map { shape[$0] }
        let srcStrides = perm.map { inStrides[$0] }   // stride in x of each output axis
        let total = shape.reduce(1, *)
        guard total > 0 else { return }
        let inner = outShape.last ?? 1, innerStride = srcStrides.last ?? 1
        let rows = total / inner
        Parallel.forRange(rows, grain: max(1, Parallel.elementGrain / max(inner, 1))) { r in
            for row in r {
                var rem = row, off = 0
                var i = rank - 2
                while i >= 0 { off += (rem % outShape[i]) * srcStrides[i]; rem /= outShape[i]; i -= 1 }
                let o = out + row * inner
                if innerStride == 1 { o.update(from: x + off, count: inner) }
                else { for j in 0..<inner { o[j] = x[off + j * innerStride] } }
            }
        }
    }

    /// Copies `outer` blocks of `block` floats from src (row stride srcStride) to dst (row stride dstStride).
    static func copyBlocks(_ src: UnsafePointer<Float>, srcStride: Int, _ dst: UnsafeMutablePointer<Float>,
                           dstStride: Int, outer: Int, block: Int) {
        Parallel.forRange(outer, grain: max(1, Parallel.elementGrain / max(block, 1))) { r in
            for o in r { (dst + o * dstStride).update(from: src + o * srcStride, count: block) }
        }
    }
}
