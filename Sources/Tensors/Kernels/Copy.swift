// Copy kernels: permutation of axes, and block copies along one axis (slice, pad-back, concat).

extension Kernels {
    /// out = x with axes permuted: out.shape[i] = x.shape[perm[i]].
    ///
    /// The inner loop covers the last two output axes (a tile of n2 × n1 floats), so that a short
    /// innermost axis — pixel shuffle's r = 2 — does not pay the odometer of the outer axes per
    /// element. Tiles whose second-last axis is contiguous in x with n1 = 2 (pixel shuffle) are an
    /// interleave of two contiguous rows.
    static func permute(_ x: UnsafePointer<Float>, shape: [Int], perm: [Int], _ out: UnsafeMutablePointer<Float>) {
        let rank = shape.count
        var inStrides = [Int](repeating: 1, count: rank)
        for i in stride(from: rank - 2, through: 0, by: -1) { inStrides[i] = inStrides[i + 1] * shape[i + 1] }
        let outShape = perm.map { shape[$0] }
        let srcStrides = perm.map { inStrides[$0] }   // stride in x of each output axis
        let total = shape.reduce(1, *)
        guard total > 0 else { return }
        // The tile: output axes rank−2 (n2 rows, stride s2 in x) and rank−1 (n1 columns, stride s1).
        let n1 = outShape.last ?? 1, s1 = srcStrides.last ?? 1
        let n2 = rank >= 2 ? outShape[rank - 2] : 1, s2 = rank >= 2 ? srcStrides[rank - 2] : 0
        let outer = rank - 2   // axes 0..<outer are walked per tile
        let tile = n1 * n2, tiles = total / tile
        Parallel.forRange(tiles, grain: max(1, Parallel.elementGrain / max(tile, 1))) { r in
            for t in r {
                var rem = t, off = 0
                var i = outer - 1
                while i >= 0 { off += (rem % outShape[i]) * srcStrides[i]; rem /= outShape[i]; i -= 1 }
                let o = out + t * tile, src = x + off
                if s1 == 1 {
                    if s2 == n1 { o.update(from: src, count: tile); continue }
                    for a in 0..<n2 { (o + a * n1).update(from: src + a * s2, count: n1) }
                } else if s2 == 1 && n1 == 2 {
                    let p0 = src, p1 = src + s1
                    for a in 0..<n2 { o[2 * a] = p0[a]; o[2 * a + 1] = p1[a] }
                } else if s2 == 1 {
                    for b in 0..<n1 {
                        let pb = src + b * s1
                        for a in 0..<n2 { o[a * n1 + b] = pb[a] }
                    }
                } else {
                    for a in 0..<n2 {
                        let pa = src + a * s2, oa = o + a * n1
                        for b in 0..<n1 { oa[b] = pa[b * s1] }
                    }
                }
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
