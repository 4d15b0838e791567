// Convolution with few output channels (SRResNet's last 9x9 conv, C → 3) as one GEMM with a large inner
// size and a shifted sum ("GEMM then col2im"): the forward and weight gradient of the few-outputs case
// (`ConvPath.shiftedSum`; its input gradient, a convolution from few channels, stays in DirectConv.swift).
// Stride 1, groups 1, square kernel k. bench ops "conv9x9 16x64x96x96 to 3" forward+backward, medians of 3:
// im2col weight gradient 826 ms, this weight gradient 259 ms, and this forward too 216 ms (direct forward
// kept for the input gradient: dx = W'ᵀ·gZ measured 252 vs 259 ms, no gain).
//
//   x   (N, C, H, W)      w (O, C, k, k)      y (N, O, Ho, Wo)      taps T = k·k, rows R = T·O
//   W'  (R, C)            W'[(i·k + j)·O + o, c] = w[o, c, i, j]
//   Z   (R, H, W)         Z = W'·x, one image: every tap's contribution, on the input grid
//   y[o, oh, ow] = Σ_{i,j} Z[(i·k + j)·O + o, oh + i − p, ow + j − p]      (terms outside H × W are zero)
//
// Its adjoint gZ[(i·k + j)·O + o, h, w] = dy[o, h − i + p, w − j + p] (zero outside Ho × Wo) gives
//   dW' = Σ_n gZ_n·x_nᵀ   (R rows, inner size H·W: an efficient GEMM)
// where im2col + GEMM has an O-row GEMM over a (C·T) × (Ho·Wo) patch matrix per image. Z and gZ are made a band of input
// rows at a time (about `colsChunkFloats`), so they are written and read back in cache.

extension Kernels {
    /// Input rows per band of Z / gZ: R × rows·W floats near `colsChunkFloats`.
    private static func shiftedSumBands(_ g: ConvGeometry) -> [Range<Int>] {
        let rows = max(1, min(g.h, colsChunkFloats / max(g.kh * g.kw * g.o * g.w, 1)))
        return Swift.stride(from: 0, to: g.h, by: rows).map { $0..<Swift.min($0 + rows, g.h) }
    }

    /// W (O, C, k, k) → W' (R, C) (rows ordered (i, j, o)).
    private static func stackTaps(_ w: UnsafePointer<Float>, g: ConvGeometry) -> UnsafeMutablePointer<Float> {
        let (O, C, T) = (g.o, g.c, g.kh * g.kw)
        let stacked = UnsafeMutablePointer<Float>.allocate(capacity: T * O * C)
        for o in 0..<O { for c in 0..<C { for t in 0..<T { stacked[(t * O + o) * C + c] = w[(o * C + c) * T + t] } } }
        return stacked
    }

    /// y (O, Ho, Wo) += the shifted sum of Z's input rows `band`.   z (R, band.count, W)
    private static func shiftedSumAdd(_ z: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, band: Range<Int>, g: ConvGeometry) {
        let (O, k, p, W, Ho, Wo) = (g.o, g.kh, g.padding, g.w, g.ho, g.wo)
        let bandSize = band.count * W
        for i in 0..<k {
            // Z row h lands on output row h − i + p.
            let (top, bottom) = (max(band.lowerBound, i - p), min(band.upperBound, Ho + i - p))
            if top >= bottom { continue }   // (checked before making a Range: -Ounchecked drops Range's own check)
            for j in 0..<k {
                let (left, right) = (max(0, j - p), min(W, Wo + j - p))
                if left >= right { continue }
                let (rows, cols) = (top..<bottom, left..<right)
                for o in 0..<O {
                    let src = z + ((i * k + j) * O + o) * bandSize - band.lowerBound * W
                    let dst = y + o * Ho * Wo + (p - i) * Wo + (p - j)
                    for h in rows {
                        let s = src + h * W, d = dst + h * Wo
                        for c in cols { d[c] += s[c] }
                    }
                }
            }
        }
    }

    /// gZ (R, band.count, W) for the input rows `band`, from dy (O, Ho, Wo) (overwritten).
    private static func shiftedSumAdjoint(_ dy: UnsafePointer<Float>, _ gz: UnsafeMutablePointer<Float>, band: Range<Int>, g: ConvGeometry) {
        let (O, k, p, W, Ho, Wo) = (g.o, g.kh, g.padding, g.w, g.ho, g.wo)
        let bandSize = band.count * W
        for i in 0..<k {
            for j in 0..<k {
                let (left, right) = (max(0, j - p), max(max(0, j - p), min(W, Wo + j - p)))   // left ≤ right
                let cols = left..<right
                for o in 0..<O {
                    let dst = gz + ((i * k + j) * O + o) * bandSize
                    for h in band {
                        let d = dst + (h - band.lowerBound) * W
                        let oh = h - i + p
                        guard oh >= 0, oh < Ho, !cols.isEmpty else { d.update(repeating: 0, count: W); continue }
                        let s = dy + (o * Ho + oh) * Wo + (p - j)
                        for c in 0..<cols.lowerBound { d[c] = 0 }
                        for c in cols { d[c] = s[c] }
                        for c in cols.upperBound..<W { d[c] = 0 }
                    }
                }
            }
        }
    }

    /// y = conv(x, w) by Z = W'·x and the shifted sum, a band of Z at a time.   x (N, C, H, W), y (N, O, Ho, Wo)
    static func shiftedSumConvForward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                                      g: ConvGeometry) {
        let stacked = stackTaps(w, g: g)
        defer { stacked.deallocate() }
        let R = g.kh * g.kw * g.o, hw = g.h * g.w, howo = g.ho * g.wo
        let bands = shiftedSumBands(g), scratch = R * (bands.first?.count ?? 0) * g.w
        // Parallel over images (a band's shifted sum adds into the whole image's y); with fewer images than
        // workers, the GEMM's rows are split instead.
        let splitRows = g.n < Parallel.workers
        Parallel.forRange(g.n, grain: splitRows ? g.n : 1) { r in
            let z = UnsafeMutablePointer<Float>.allocate(capacity: max(scratch, 1))
            defer { z.deallocate() }
            for n in r {
                let yn = y + n * g.o * howo
                yn.update(repeating: 0, count: g.o * howo)
                for band in bands {
                    let width = band.count * g.w, xb = x + n * g.c * hw + band.lowerBound * g.w
                    if splitRows {
                        sgemmParallel(transA: false, transB: false, m: R, n: width, k: g.c, stacked, lda: g.c, xb, ldb: hw, beta: 0, z, ldc: width)
                    } else {
                        sgemm(transA: false, transB: false, m: R, n: width, k: g.c, stacked, lda: g.c, xb, ldb: hw, beta: 0, z, ldc: width)
                    }
                    shiftedSumAdd(z, yn, band: band, g: g)
                }
            }
        }
    }

    /// dw = Σ_n dy_n ⋆ x_n as dW' = Σ gZ·xᵀ.   x (N, C, H, W), dy (N, O, Ho, Wo), dw (O, C, k, k) (overwritten)
    static func shiftedSumConvBackwardWeight(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>,
                                             g: ConvGeometry) {
        let (O, C, T) = (g.o, g.c, g.kh * g.kw)
        let R = T * O, hw = g.h * g.w, howo = g.ho * g.wo
        let bands = shiftedSumBands(g), scratch = R * (bands.first?.count ?? 0) * g.w
        let items = g.n * bands.count
        // The (image, band) items are summed in fixed parts, in order, each into its own dW' (FixedPartSum.swift).
        let stacked = UnsafeMutablePointer<Float>.allocate(capacity: R * C)   // dW' (T·O, C)
        defer { stacked.deallocate() }
        sumInFixedParts(items: items, count: R * C, into: stacked) { range, part in
            let gz = UnsafeMutablePointer<Float>.allocate(capacity: max(scratch, 1))
            defer { gz.deallocate() }
            for item in range {
                let n = item / bands.count, band = bands[item % bands.count], width = band.count * g.w
                shiftedSumAdjoint(dy + n * O * howo, gz, band: band, g: g)
                sgemm(transA: false, transB: true, m: R, n: C, k: width, gz, lda: width, x + n * C * hw + band.lowerBound * g.w,
                      ldb: hw, beta: 1, part, ldc: C)
            }
        }
        for o in 0..<O { for c in 0..<C { for t in 0..<T { dw[(o * C + c) * T + t] = stacked[(t * O + o) * C + c] } } }
    }
}
