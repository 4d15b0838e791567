// Winograd tile transforms (see Winograd3x3.swift for the algorithm and its matrices):
//
//   input     V (16, C, P) = Bᵀ d B        of the 4x4 input tiles d     x  (N, C, H, W)
//   gradient  F (16, O, P) = Gf f Gfᵀ      of the 2x2 tiles f of dy     dy (N, O, H, W)
//   output    y tiles      = Aᵀ M A        of M (16, O, P)              y  (N, O, H, W)
//
// for the P tiles of one chunk. When whole tile rows of 8k, 4 or 2 tiles make the chunk (`WinogradTiles.lanes`),
// 8, 4 or 2 neighbouring tiles go together in SIMD lanes (`TileLanes`): tiles start every 2 columns, so
// with each row split into its even and odd columns, a tile's column j is one contiguous load for all
// lanes; V, F, M are read and written a lane at a time. Otherwise (odd sizes, other widths) one tile at a time.

extension Kernels {
    /// V[ξ, c, i] = (Bᵀ d B)[ξ] for tiles p0 + i, i < count.   x (N, channels, H, W), V (16, channels, count)
    static func winogradInputTiles(_ x: UnsafePointer<Float>, _ v: UnsafeMutablePointer<Float>, channels: Int,
                                   tiles t: WinogradTiles, from p0: Int, count: Int) {
        switch t.lanes {
        case 8: return winogradInputRows(x, v, channels: channels, tiles: t, from: p0, count: count, lanes: SIMD8<Float>.self)
        case 4: return winogradInputRows(x, v, channels: channels, tiles: t, from: p0, count: count, lanes: SIMD4<Float>.self)
        case 2: return winogradInputRows(x, v, channels: channels, tiles: t, from: p0, count: count, lanes: SIMD2<Float>.self)
        default: break
        }
        let plane = t.h * t.w, stride = channels * count
        for c in 0..<channels {
            var at = t.position(p0)
            for i in 0..<count {
                let src = x + (at.n * channels + c) * plane
                let r0 = 2 * at.ty - 1, c0 = 2 * at.tx - 1
                let d0, d1, d2, d3: SIMD4<Float>
                if r0 >= 0, r0 + 3 < t.h, c0 >= 0, c0 + 3 < t.w {
                    let p = src + r0 * t.w + c0
                    (d0, d1, d2, d3) = (load4(p), load4(p + t.w), load4(p + 2 * t.w), load4(p + 3 * t.w))
                } else {
                    (d0, d1, d2, d3) = (edgeRow(src, t, r0, c0), edgeRow(src, t, r0 + 1, c0),
                                        edgeRow(src, t, r0 + 2, c0), edgeRow(src, t, r0 + 3, c0))
                }
                // Bᵀ d: combinations of rows; then · B: the same combinations of each row's columns.
                let out = v + c * count + i
                storeInputRow(d0 - d2, out, stride)
                storeInputRow(d1 + d2, out + 4 * stride, stride)
                storeInputRow(d2 - d1, out + 8 * stride, stride)
                storeInputRow(d1 - d3, out + 12 * stride, stride)
                at.next(t)
            }
        }
    }

    /// F[ξ, o, i] = (Gf f Gfᵀ)[ξ] for the 2x2 tile f of dy at tile p0 + i.   dy (N, channels, H, W), F (16, channels, count)
    static func winogradGradientTiles(_ dy: UnsafePointer<Float>, _ f: UnsafeMutablePointer<Float>, channels: Int,
                                      tiles t: WinogradTiles, from p0: Int, count: Int) {
        switch t.lanes {
        case 8: return winogradGradientRows(dy, f, channels: channels, tiles: t, from: p0, count: count, lanes: SIMD8<Float>.self)
        case 4: return winogradGradientRows(dy, f, channels: channels, tiles: t, from: p0, count: count, lanes: SIMD4<Float>.self)
        case 2: return winogradGradientRows(dy, f, channels: channels, tiles: t, from: p0, count: count, lanes: SIMD2<Float>.self)
        default: break
        }
        let plane = t.h * t.w, stride = channels * count
        for c in 0..<channels {
            var at = t.position(p0)
            for i in 0..<count {
                let src = dy + (at.n * channels + c) * plane + 2 * at.ty * t.w + 2 * at.tx
                let right = 2 * at.tx + 1 < t.w, below = 2 * at.ty + 1 < t.h
                let f0 = SIMD2(src[0], right ? src[1] : 0)
                let f1 = below ? SIMD2(src[t.w], right ? src[t.w + 1] : 0) : SIMD2<Float>()
                // Gf f: rows f0, (f0+f1)/2, (f0−f1)/2, −f1; then · Gfᵀ: the same combinations of each row's columns.
                let out = f + c * count + i
                storeGradientRow(f0, out, stride)
                storeGradientRow(0.5 * (f0 + f1), out + 4 * stride, stride)
                storeGradientRow(0.5 * (f0 - f1), out + 8 * stride, stride)
                storeGradientRow(-f1, out + 12 * stride, stride)
                at.next(t)
            }
        }
    }

    /// y tile = Aᵀ M A for tiles p0 + i.   M (16, channels, count), y (N, channels, H, W) (its tiles overwritten)
    static func winogradOutputTiles(_ m: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, channels: Int,
                                    tiles t: WinogradTiles, from p0: Int, count: Int) {
        switch t.lanes {
        case 8: return winogradOutputRows(m, y, channels: channels, tiles: t, from: p0, count: count, lanes: SIMD8<Float>.self)
        case 4: return winogradOutputRows(m, y, channels: channels, tiles: t, from: p0, count: count, lanes: SIMD4<Float>.self)
        case 2: return winogradOutputRows(m, y, channels: channels, tiles: t, from: p0, count: count, lanes: SIMD2<Float>.self)
        default: break
        }
        let plane = t.h * t.w, stride = channels * count
        for c in 0..<channels {
            var at = t.position(p0)
            for i in 0..<count {
                let q = m + c * count + i
                let m0 = gather4(q, stride), m1 = gather4(q + 4 * stride, stride)
                let m2 = gather4(q + 8 * stride, stride), m3 = gather4(q + 12 * stride, stride)
                // Aᵀ m: rows m0+m1+m2 and m1−m2−m3; then · A: the same combinations of each row's columns.
                let s0 = m0 + m1 + m2, s1 = m1 - m2 - m3
                let dst = y + (at.n * channels + c) * plane + 2 * at.ty * t.w + 2 * at.tx
                let right = 2 * at.tx + 1 < t.w
                dst[0] = s0[0] + s0[1] + s0[2]
                if right { dst[1] = s0[1] - s0[2] - s0[3] }
                if 2 * at.ty + 1 < t.h {
                    dst[t.w] = s1[0] + s1[1] + s1[2]
                    if right { dst[t.w + 1] = s1[1] - s1[2] - s1[3] }
                }
                at.next(t)
            }
        }
    }

    /// `winogradInputTiles` for chunks of whole tile rows, L.scalarCount neighbouring tiles at a time.
    static func winogradInputRows<L: TileLanes>(_ x: UnsafePointer<Float>, _ v: UnsafeMutablePointer<Float>, channels: Int,
                                                tiles t: WinogradTiles, from p0: Int, count: Int, lanes: L.Type) {
        let plane = t.h * t.w, stride = channels * count, half = t.tw + 1
        // Rows 2ty−1 … 2ty+2 of one tile row, split: odd columns −1, 1, …, W−1 then even columns 0, 2, …, W
        // (−1 and W are the zero padding). Tile tx's columns are then odd[tx], even[tx], odd[tx+1], even[tx+1].
        let rows = UnsafeMutablePointer<Float>.allocate(capacity: 8 * half)
        defer { rows.deallocate() }
        for c in 0..<channels {
            for first in Swift.stride(from: p0, to: p0 + count, by: t.tw) {
                let at = t.position(first), src = x + (at.n * channels + c) * plane
                for k in 0..<4 {
                    let r = 2 * at.ty - 1 + k
                    splitColumns(r >= 0 && r < t.h ? src + r * t.w : nil, odd: rows + 2 * k * half, even: rows + (2 * k + 1) * half, tiles: t.tw)
                }
                for tx in Swift.stride(from: 0, to: t.tw, by: L.scalarCount) {
                    let d0 = tileColumns(rows + tx, half, L.self), d1 = tileColumns(rows + 2 * half + tx, half, L.self)
                    let d2 = tileColumns(rows + 4 * half + tx, half, L.self), d3 = tileColumns(rows + 6 * half + tx, half, L.self)
                    // Bᵀ d on the rows (each row's four columns at once), then · B on the columns.
                    let out = v + c * count + (first - p0) + tx
                    storeInputRow(d0.0 - d2.0, d0.1 - d2.1, d0.2 - d2.2, d0.3 - d2.3, out, stride)
                    storeInputRow(d1.0 + d2.0, d1.1 + d2.1, d1.2 + d2.2, d1.3 + d2.3, out + 4 * stride, stride)
                    storeInputRow(d2.0 - d1.0, d2.1 - d1.1, d2.2 - d1.2, d2.3 - d1.3, out + 8 * stride, stride)
                    storeInputRow(d1.0 - d3.0, d1.1 - d3.1, d1.2 - d3.2, d1.3 - d3.3, out + 12 * stride, stride)
                }
            }
        }
    }

    /// `winogradGradientTiles` for chunks of whole tile rows, L.scalarCount neighbouring tiles at a time.
    static func winogradGradientRows<L: TileLanes>(_ dy: UnsafePointer<Float>, _ f: UnsafeMutablePointer<Float>, channels: Int,
                                                   tiles t: WinogradTiles, from p0: Int, count: Int, lanes: L.Type) {
        let plane = t.h * t.w, stride = channels * count
        // Rows 2ty and 2ty+1 split into even and odd columns: tile tx's 2x2 is (even[tx], odd[tx]) of each.
        let rows = UnsafeMutablePointer<Float>.allocate(capacity: 4 * t.tw)
        defer { rows.deallocate() }
        for c in 0..<channels {
            for first in Swift.stride(from: p0, to: p0 + count, by: t.tw) {
                let at = t.position(first), src = dy + (at.n * channels + c) * plane + 2 * at.ty * t.w
                deinterleave(src, even: rows, odd: rows + t.tw, pairs: t.tw)
                deinterleave(src + t.w, even: rows + 2 * t.tw, odd: rows + 3 * t.tw, pairs: t.tw)
                for tx in Swift.stride(from: 0, to: t.tw, by: L.scalarCount) {
                    let a0 = L.load(rows + tx), a1 = L.load(rows + t.tw + tx)
                    let b0 = L.load(rows + 2 * t.tw + tx), b1 = L.load(rows + 3 * t.tw + tx)
                    let out = f + c * count + (first - p0) + tx
                    storeGradientRow(a0, a1, out, stride)
                    storeGradientRow(0.5 * (a0 + b0), 0.5 * (a1 + b1), out + 4 * stride, stride)
                    storeGradientRow(0.5 * (a0 - b0), 0.5 * (a1 - b1), out + 8 * stride, stride)
                    storeGradientRow(-b0, -b1, out + 12 * stride, stride)
                }
            }
        }
    }

    /// `winogradOutputTiles` for chunks of whole tile rows, L.scalarCount neighbouring tiles at a time.
    static func winogradOutputRows<L: TileLanes>(_ m: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, channels: Int,
                                                 tiles t: WinogradTiles, from p0: Int, count: Int, lanes: L.Type) {
        let plane = t.h * t.w, stride = channels * count
        // The tile row's two output rows as even and odd columns, interleaved into y at the end.
        let rows = UnsafeMutablePointer<Float>.allocate(capacity: 4 * t.tw)
        defer { rows.deallocate() }
        for c in 0..<channels {
            for first in Swift.stride(from: p0, to: p0 + count, by: t.tw) {
                let at = t.position(first), dst = y + (at.n * channels + c) * plane + 2 * at.ty * t.w
                for tx in Swift.stride(from: 0, to: t.tw, by: L.scalarCount) {
                    let q = m + c * count + (first - p0) + tx
                    // Aᵀ m per column j (rows m0+m1+m2 and m1−m2−m3), then · A on the columns.
                    let (a0, b0) = outputColumn(q, stride, L.self), (a1, b1) = outputColumn(q + stride, stride, L.self)
                    let (a2, b2) = outputColumn(q + 2 * stride, stride, L.self), (a3, b3) = outputColumn(q + 3 * stride, stride, L.self)
                    L.store(a0 + a1 + a2, rows + tx); L.store(a1 - a2 - a3, rows + t.tw + tx)
                    L.store(b0 + b1 + b2, rows + 2 * t.tw + tx); L.store(b1 - b2 - b3, rows + 3 * t.tw + tx)
                }
                interleave(even: rows, odd: rows + t.tw, dst, pairs: t.tw)
                interleave(even: rows + 2 * t.tw, odd: rows + 3 * t.tw, dst + t.w, pairs: t.tw)
            }
        }
    }

    /// A row of 2·tiles floats (nil: zeros) as odd[0 … tiles] = columns −1, 1, …, 2·tiles − 1 and
    /// even[0 … tiles] = columns 0, 2, …, 2·tiles, the columns −1 and 2·tiles being zero padding.
    @inline(__always) private static func splitColumns(_ row: UnsafePointer<Float>?, odd: UnsafeMutablePointer<Float>,
                                                       even: UnsafeMutablePointer<Float>, tiles: Int) {
        guard let row else {
            odd.update(repeating: 0, count: tiles + 1); even.update(repeating: 0, count: tiles + 1)
            return
        }
        odd[0] = 0; even[tiles] = 0
        deinterleave(row, even: even, odd: odd + 1, pairs: tiles)
    }
    /// even[i] = src[2i], odd[i] = src[2i + 1] for i < pairs (a loop the compiler vectorises with shuffles).
    @inline(__always) private static func deinterleave(_ src: UnsafePointer<Float>, even: UnsafeMutablePointer<Float>,
                                                       odd: UnsafeMutablePointer<Float>, pairs: Int) {
        for i in 0..<pairs { even[i] = src[2 * i]; odd[i] = src[2 * i + 1] }
    }
    /// dst[2i] = even[i], dst[2i + 1] = odd[i] for i < pairs.
    @inline(__always) private static func interleave(even: UnsafePointer<Float>, odd: UnsafePointer<Float>,
                                                     _ dst: UnsafeMutablePointer<Float>, pairs: Int) {
        for i in 0..<pairs { dst[2 * i] = even[i]; dst[2 * i + 1] = odd[i] }
    }
    /// Columns 0 … 3 of the lanes' tiles from a split row (odd half, then the even half `half` floats on).
    @inline(__always) private static func tileColumns<L: TileLanes>(_ odd: UnsafePointer<Float>, _ half: Int, _: L.Type) -> (L, L, L, L) {
        (L.load(odd), L.load(odd + half), L.load(odd + 1), L.load(odd + half + 1))
    }

    /// One row r of Bᵀ d times B, stored at q[j·stride]: r0−r2, r1+r2, r2−r1, r1−r3.
    @inline(__always) private static func storeInputRow(_ r: SIMD4<Float>, _ q: UnsafeMutablePointer<Float>, _ stride: Int) {
        q[0] = r[0] - r[2]; q[stride] = r[1] + r[2]; q[2 * stride] = r[2] - r[1]; q[3 * stride] = r[1] - r[3]
    }
    /// One row r of Gf f times Gfᵀ: r0, (r0+r1)/2, (r0−r1)/2, −r1.
    @inline(__always) private static func storeGradientRow(_ r: SIMD2<Float>, _ q: UnsafeMutablePointer<Float>, _ stride: Int) {
        q[0] = r[0]; q[stride] = 0.5 * (r[0] + r[1]); q[2 * stride] = 0.5 * (r[0] - r[1]); q[3 * stride] = -r[1]
    }
    /// One row (columns r0 … r3) of Bᵀ d for a lane of tiles, times B, stored at q[j·stride].
    @inline(__always) private static func storeInputRow<L: TileLanes>(_ r0: L, _ r1: L, _ r2: L, _ r3: L,
                                                                       _ q: UnsafeMutablePointer<Float>, _ stride: Int) {
        L.store(r0 - r2, q); L.store(r1 + r2, q + stride); L.store(r2 - r1, q + 2 * stride); L.store(r1 - r3, q + 3 * stride)
    }
    /// One row (r0, r1) of Gf f for a lane of tiles, times Gfᵀ.
    @inline(__always) private static func storeGradientRow<L: TileLanes>(_ r0: L, _ r1: L, _ q: UnsafeMutablePointer<Float>, _ stride: Int) {
        L.store(r0, q); L.store(0.5 * (r0 + r1), q + stride); L.store(0.5 * (r0 - r1), q + 2 * stride); L.store(-r1, q + 3 * stride)
    }
    /// Column j of Aᵀ m for a lane of tiles, from q = M + j·stride: (m0j + m1j + m2j, m1j − m2j − m3j).
    @inline(__always) private static func outputColumn<L: TileLanes>(_ q: UnsafePointer<Float>, _ stride: Int, _: L.Type) -> (L, L) {
        let m0 = L.load(q), m1 = L.load(q + 4 * stride), m2 = L.load(q + 8 * stride), m3 = L.load(q + 12 * stride)
        return (m0 + m1 + m2, m1 - m2 - m3)
    }
    @inline(__always) private static func load4(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
    }

    /// Row r of a plane from column c0, four values, zero outside the plane.
    @inline(__always) private static func edgeRow(_ plane: UnsafePointer<Float>, _ t: WinogradTiles, _ r: Int, _ c0: Int) -> SIMD4<Float> {
        var v = SIMD4<Float>()
        guard r >= 0, r < t.h else { return v }
        for j in 0..<4 where c0 + j >= 0 && c0 + j < t.w { v[j] = plane[r * t.w + c0 + j] }
        return v
    }
}

/// Neighbouring tiles of one tile row side by side in SIMD lanes (8, 4 or 2 of them), loaded from
/// rows split into even and odd columns.
protocol TileLanes: SIMD where Scalar == Float {}

extension TileLanes {
    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> Self { UnsafeRawPointer(p).loadUnaligned(as: Self.self) }
    @inline(__always) static func store(_ v: Self, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Self.self)
    }
}

extension SIMD8: TileLanes where Scalar == Float {}
extension SIMD4: TileLanes where Scalar == Float {}
extension SIMD2: TileLanes where Scalar == Float {}
