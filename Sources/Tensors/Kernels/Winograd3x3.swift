// Winograd F(2x2, 3x3): the stride-1, padding-1 3x3 convolution with 16 multiplies per 2x2 output tile
// instead of 36 (Lavin & Gray 2016, "Fast Algorithms for Convolutional Neural Networks", eq. 8).
// ProGAN's standard networks are made of these convolutions; im2col + GEMM ran at 80–98% of the
// machine's GEMM speed, so only fewer multiplies could make them faster.
//
//   x   (N, C, H, W)    input;  y (N, O, H, W) output;  w (O, C, 3, 3)
//   tiles               2x2 output tiles, th = ⌈H/2⌉ by tw = ⌈W/2⌉ per image, numbered across images:
//                       p = (n·th + ty)·tw + tx; a chunk is a range of P consecutive tiles
//   d                   the 4x4 input tile of tile p: x[n, c, 2ty−1 … 2ty+2, 2tx−1 … 2tx+2], zero outside
//   U   (16, O, C)      transformed weights G g Gᵀ, ξ = 4·row + column of the 4x4 transform
//   V   (16, C, P)      transformed input tiles Bᵀ d B of one chunk
//   M   (16, O, P)      M[ξ] = U[ξ] · V[ξ]: one GEMM per ξ, summing over C
//   y tile              Aᵀ M A (2x2), cut at the image border when H or W is odd
//
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]   G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]   Aᵀ = [1 1 1 0; 0 1 −1 −1]
//
// The input gradient is the same algorithm on dy with the kernel turned 180° and O, C swapped. The weight
// gradient is F(3x3, 2x2) on the same input tiles: each output tile's dy (2x2) acts as the filter, and
//   dw[o, c] = Awᵀ [Σ_p (Gf dy_p Gfᵀ) ⊙ (Bᵀ d_p B)] Aw,   a GEMM over tiles per ξ,
//   Gf = [1 0; ½ ½; ½ −½; 0 −1]   Awᵀ = [1 1 1 0; 0 1 −1 0; 0 1 1 1]   (same Bᵀ as above).
// Chunks are fixed by the geometry, so the forward and input gradient do not depend on the worker count.

extension Kernels {
    /// Tiles per chunk: a chunk's V and M stay near 1 MB (one core's L2) while the GEMMs stay wide.
    static let winogradChunkFloats = 1 << 18

    /// y = conv3x3(x, w), or dx = conv3x3ᵀ(dy, w) when `adjoint` (then x is dy with O channels, y is dx).
    ///   w (O, C, 3, 3);  forward: x (N, C, H, W) → y (N, O, H, W);  adjoint: x (N, O, H, W) → y (N, C, H, W)
    static func winograd3x3(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                            n: Int, c: Int, o: Int, h: Int, w width: Int, adjoint: Bool) {
        let (cin, cout) = adjoint ? (o, c) : (c, o)
        let u = winogradWeights(w, o: o, c: c, adjoint: adjoint)
        defer { u.deallocate() }
        let tiles = WinogradTiles(n: n, h: h, w: width)
        let chunk = tiles.chunkSize(floatsPerTile: 16 * (cin + cout))
        let chunks = (tiles.count + chunk - 1) / chunk
        Parallel.forRange(chunks, grain: 1) { r in
            let v = UnsafeMutablePointer<Float>.allocate(capacity: 16 * cin * chunk)
            let m = UnsafeMutablePointer<Float>.allocate(capacity: 16 * cout * chunk)
            defer { v.deallocate(); m.deallocate() }
            for k in r {
                let p0 = k * chunk, count = min(chunk, tiles.count - p0)
                winogradInputTiles(x, v, channels: cin, tiles: tiles, from: p0, count: count)
                for xi in 0..<16 {
                    sgemm(transA: false, transB: false, m: cout, n: count, k: cin, u + xi * cout * cin, lda: cin,
                          v + xi * cin * count, ldb: count, beta: 0, m + xi * cout * count, ldc: count)
                }
                winogradOutputTiles(m, y, channels: cout, tiles: tiles, from: p0, count: count)
            }
        }
    }

    /// dw = Σ_n dy_n ⋆ x_n for a 3x3, stride-1, padding-1 convolution.
    ///   x (N, C, H, W), dy (N, O, H, W), dw (O, C, 3, 3) (overwritten)
    static func winograd3x3WeightGrad(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>,
                                      n: Int, c: Int, o: Int, h: Int, w width: Int) {
        let tiles = WinogradTiles(n: n, h: h, w: width)
        let chunk = tiles.chunkSize(floatsPerTile: 16 * (c + o))
        let chunks = (tiles.count + chunk - 1) / chunk
        // Chunks are summed in fixed parts, each into its own partial (16, O, C) (FixedPartSum.swift).
        let acc = UnsafeMutablePointer<Float>.allocate(capacity: 16 * o * c)
        defer { acc.deallocate() }
        sumInFixedParts(items: chunks, count: 16 * o * c, into: acc) { range, part in
            let v = UnsafeMutablePointer<Float>.allocate(capacity: 16 * c * chunk)
            let f = UnsafeMutablePointer<Float>.allocate(capacity: 16 * o * chunk)
            defer { v.deallocate(); f.deallocate() }
            for k in range {
                let p0 = k * chunk, count = min(chunk, tiles.count - p0)
                winogradInputTiles(x, v, channels: c, tiles: tiles, from: p0, count: count)
                winogradGradientTiles(dy, f, channels: o, tiles: tiles, from: p0, count: count)
                for xi in 0..<16 {
                    sgemm(transA: false, transB: true, m: o, n: c, k: count, f + xi * o * count, lda: count,
                          v + xi * c * count, ldb: count, beta: 1, part + xi * o * c, ldc: c)
                }
            }
        }
        winogradWeightGradOutput(acc, dw, count: o * c)
    }
}

/// The tiling of N images of H x W into 2x2 output tiles, numbered across images.
struct WinogradTiles {
    let n, h, w, th, tw: Int
    init(n: Int, h: Int, w: Int) { (self.n, self.h, self.w, th, tw) = (n, h, w, (h + 1) / 2, (w + 1) / 2) }
    var count: Int { n * th * tw }

    /// Tiles per chunk: about `Kernels.winogradChunkFloats` floats of scratch, at least 16 tiles (or one
    /// tile row), and no more than half the tiles so that both cores get chunks.
    func chunkSize(floatsPerTile: Int) -> Int {
        let fits = max(16, Kernels.winogradChunkFloats / max(floatsPerTile, 1))
        let size = max(1, min(fits, (count + 1) / 2))
        return lanes > 0 ? max(1, size / tw) * tw : size
    }

    /// Tiles side by side in SIMD lanes (WinogradTileTransforms.swift): 8 when tile rows are a multiple
    /// of 8 tiles, else 4 or 2 for rows of exactly that many; 0 (one tile at a time) for other widths or
    /// odd sizes. With lanes, chunks are whole tile rows.
    var lanes: Int {
        guard h % 2 == 0 && w % 2 == 0 else { return 0 }
        return tw % 8 == 0 ? 8 : (tw == 4 || tw == 2 ? tw : 0)
    }

    /// Image and tile row/column of tile p, stepped along the numbering by `next`.
    struct Position {
        var n, ty, tx: Int
        mutating func next(_ t: WinogradTiles) {
            tx += 1
            if tx == t.tw { tx = 0; ty += 1; if ty == t.th { ty = 0; n += 1 } }
        }
    }
    func position(_ p: Int) -> Position {
        let (n, rest) = p.quotientAndRemainder(dividingBy: th * tw)
        return Position(n: n, ty: rest / tw, tx: rest % tw)
    }
}

extension Kernels {
    /// U (16, O, C) = G g Gᵀ per kernel g = w[o, c]; when `adjoint`, U (16, C, O) from g turned 180°.   w (O, C, 3, 3)
    static func winogradWeights(_ w: UnsafePointer<Float>, o: Int, c: Int, adjoint: Bool) -> UnsafeMutablePointer<Float> {
        let u = UnsafeMutablePointer<Float>.allocate(capacity: 16 * o * c), stride = o * c
        // In U's order (its rows are O, or C for the adjoint), so that each of the 16 planes is written in sequence.
        Parallel.forRange(stride, grain: 1 << 12) { r in
            for j in r {
                let (row, col) = j.quotientAndRemainder(dividingBy: adjoint ? o : c)
                let k = w + (adjoint ? col * c + row : j) * 9
                // The kernel's rows; turned 180° for the adjoint.
                var g0 = SIMD3(k[0], k[1], k[2]), g1 = SIMD3(k[3], k[4], k[5]), g2 = SIMD3(k[6], k[7], k[8])
                if adjoint { (g0, g1, g2) = (SIMD3(k[8], k[7], k[6]), SIMD3(k[5], k[4], k[3]), SIMD3(k[2], k[1], k[0])) }
                // G g: rows g0, (g0+g1+g2)/2, (g0−g1+g2)/2, g2; then · Gᵀ: the same combinations of each row's columns.
                let out = u + j
                storeWeightRow(g0, out, stride)
                storeWeightRow(0.5 * (g0 + g1 + g2), out + 4 * stride, stride)
                storeWeightRow(0.5 * (g0 - g1 + g2), out + 8 * stride, stride)
                storeWeightRow(g2, out + 12 * stride, stride)
            }
        }
        return u
    }

    /// dw[o, c] = Awᵀ acc[·, o, c] Aw (3x3).   acc (16, O, C), dw (O, C, 3, 3); count = O·C
    static func winogradWeightGradOutput(_ acc: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>, count: Int) {
        for oc in 0..<count {
            let q = acc + oc
            let m0 = gather4(q, count), m1 = gather4(q + 4 * count, count)
            let m2 = gather4(q + 8 * count, count), m3 = gather4(q + 12 * count, count)
            // Awᵀ m: rows m0+m1+m2, m1−m2, m1+m2+m3; then · Aw: the same combinations of each row's columns.
            let out = dw + oc * 9
            storeWeightGradRow(m0 + m1 + m2, out)
            storeWeightGradRow(m1 - m2, out + 3)
            storeWeightGradRow(m1 + m2 + m3, out + 6)
        }
    }

    /// One row r of G g times Gᵀ: r0, (r0+r1+r2)/2, (r0−r1+r2)/2, r2.
    @inline(__always) private static func storeWeightRow(_ r: SIMD3<Float>, _ q: UnsafeMutablePointer<Float>, _ stride: Int) {
        q[0] = r[0]; q[stride] = 0.5 * (r[0] + r[1] + r[2]); q[2 * stride] = 0.5 * (r[0] - r[1] + r[2]); q[3 * stride] = r[2]
    }
    /// One row r of Awᵀ m times Aw: r0+r1+r2, r1−r2, r1+r2+r3.
    @inline(__always) private static func storeWeightGradRow(_ r: SIMD4<Float>, _ q: UnsafeMutablePointer<Float>) {
        q[0] = r[0] + r[1] + r[2]; q[1] = r[1] - r[2]; q[2] = r[1] + r[2] + r[3]
    }
    @inline(__always) static func gather4(_ p: UnsafePointer<Float>, _ stride: Int) -> SIMD4<Float> {
        SIMD4(p[0], p[stride], p[2 * stride], p[3 * stride])
    }
}
