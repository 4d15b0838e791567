// 2-D convolution kernels: forward, input gradient, weight gradient (shapes in ConvGeometry.swift).
//
// The kernel family is chosen once per geometry (ConvPath.swift), the same for all three entry points.
// General case: per image, group and chunk of output rows, im2col of the chunk then one GEMM that
// writes straight into the output (ldc = Ho·Wo). A 1x1 stride-1 convolution is the GEMM
// on the image itself (no im2col). Few output channels go to ShiftedSumConv.swift (forward, weight gradient)
// and DirectConv.swift (input gradient). Depthwise 3x3
// goes to the direct kernels of Depthwise3x3.swift; a 3x3 'same' convolution with many channels to
// Winograd F(2x2, 3x3) in Winograd3x3.swift. A bias is added in the output pass where the kernel writes one
// (depthwise, GEMM), after it otherwise.
// Parallel over images (one GEMM per worker at a time, OpenBLAS single-threaded); with fewer images
// than workers, the GEMM's rows are split instead.

extension Kernels {
    /// y = activation(conv(x, w) + bias).   x (N, C, H, W), w (O, C/g, kh, kw), bias (O) or nil, y (N, O, Ho, Wo),
    /// normFactors (N, Ho·Wo) when the activation has pixel norm (Ops/ConvActivation.swift, Kernels/ConvActivationPass.swift).
    static func conv2dForward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                              _ y: UnsafeMutablePointer<Float>, g: ConvGeometry,
                              activation: ConvActivation = .identity, normFactors: UnsafeMutablePointer<Float>? = nil) {
        let hw = g.h * g.w, howo = g.ho * g.wo
        switch ConvPath(g) {
        case .depthwise3x3:
            depthwise3x3(x, w, bias: bias, y, planes: g.n * g.c, channels: g.c, h: g.h, w: g.w)
        case .winograd3x3:
            winograd3x3(x, w, y, n: g.n, c: g.c, o: g.o, h: g.h, w: g.w, adjoint: false)
            if let bias { addChannelBias(y, bias, planes: g.n * g.o, channels: g.o, planeSize: howo) }
        case .shiftedSum:
            shiftedSumConvForward(x, w, y, g: g)
            if let bias { addChannelBias(y, bias, planes: g.n * g.o, channels: g.o, planeSize: howo) }
        case .gemm:
            // Each image's output starts as its bias (or 0) and the GEMMs accumulate onto it (beta 1): the output is
            // written while it is in cache, with no zeroing pass inside the GEMM and no bias pass after.
            let chunks = g.rowChunks
            forEachImage(g, scratch: g.isPointwise ? 0 : g.patch * g.chunkRows * g.wo) { n, cols, splitRows in
                let gemm = splitRows ? gemmRowSplit : gemmSerial
                let yn = y + n * g.o * howo
                for o in 0..<g.o { (yn + o * howo).update(repeating: bias?[o] ?? 0, count: howo) }
                for gi in 0..<g.groups {
                    let xg = x + (n * g.c + gi * g.cg) * hw
                    let wg = w + gi * g.og * g.patch, yg = yn + gi * g.og * howo
                    if g.isPointwise { gemm(false, false, g.og, howo, g.patch, wg, g.patch, xg, howo, 1, yg, howo); continue }
                    for rows in chunks {
                        let width = rows.count * g.wo
                        im2col(xg, cols, channels: g.cg, g: g, rows: rows)
                        gemm(false, false, g.og, width, g.patch, wg, g.patch, cols, width, 1, yg + rows.lowerBound * g.wo, howo)
                    }
                }
                convActivation(yn, r: normFactors.map { $0 + n * howo }, channels: g.o, size: howo, activation)
            }
            return
        }
        // The other paths write the whole output first; the activation then takes one pass per image.
        guard activation != .identity else { return }
        Parallel.forRange(g.n, grain: max(1, Parallel.elementGrain / max(g.o * howo, 1))) { images in
            for n in images { convActivation(y + n * g.o * howo, r: normFactors.map { $0 + n * howo }, channels: g.o, size: howo, activation) }
        }
    }

    /// dx = convᵀ(dy, w).   dy (N, O, Ho, Wo), w (O, C/g, kh, kw), dx (N, C, H, W) (overwritten)
    static func conv2dBackwardInput(_ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
                                    _ dx: UnsafeMutablePointer<Float>, g: ConvGeometry) {
        let hw = g.h * g.w, howo = g.ho * g.wo
        switch ConvPath(g) {
        case .depthwise3x3:
            // The adjoint of a stride-1 'same' correlation is the correlation with the kernel turned 180°.
            let flipped = UnsafeMutablePointer<Float>.allocate(capacity: g.c * 9)
            defer { flipped.deallocate() }
            for c in 0..<g.c { for k in 0..<9 { flipped[c * 9 + k] = w[c * 9 + 8 - k] } }
            depthwise3x3(dy, flipped, dx, planes: g.n * g.c, channels: g.c, h: g.h, w: g.w)
            return
        case .winograd3x3: winograd3x3(dy, w, dx, n: g.n, c: g.c, o: g.o, h: g.h, w: g.w, adjoint: true); return
        case .shiftedSum: directConvBackwardInput(dy, w, dx, g: g); return
        case .gemm: break
        }
        let chunks = g.rowChunks
        forEachImage(g, scratch: g.isPointwise ? 0 : g.patch * g.chunkRows * g.wo) { n, cols, splitRows in
            let gemm = splitRows ? gemmRowSplit : gemmSerial
            for gi in 0..<g.groups {
                let dyg = dy + (n * g.o + gi * g.og) * howo
                let dxg = dx + (n * g.c + gi * g.cg) * hw
                let wg = w + gi * g.og * g.patch
                if g.isPointwise {
                    gemm(true, false, g.cg, hw, g.og, wg, g.patch, dyg, howo, 0, dxg, hw)
                } else {
                    dxg.update(repeating: 0, count: g.cg * hw)
                    for rows in chunks {
                        let width = rows.count * g.wo
                        gemm(true, false, g.patch, width, g.og, wg, g.patch, dyg + rows.lowerBound * g.wo, howo, 0, cols, width)
                        col2imAdd(cols, dxg, channels: g.cg, g: g, rows: rows)
                    }
                }
            }
        }
    }

    /// dw = Σ_n dy_n ⋆ x_n.   x (N, C, H, W), dy (N, O, Ho, Wo), dw (O, C/g, kh, kw) (overwritten)
    static func conv2dBackwardWeight(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
                                     _ dw: UnsafeMutablePointer<Float>, g: ConvGeometry) {
        let hw = g.h * g.w, howo = g.ho * g.wo, wCount = g.o * g.patch
        switch ConvPath(g) {
        case .depthwise3x3: depthwise3x3WeightGrad(x, dy, dw, n: g.n, channels: g.c, h: g.h, w: g.w); return
        case .winograd3x3: winograd3x3WeightGrad(x, dy, dw, n: g.n, c: g.c, o: g.o, h: g.h, w: g.w); return
        case .shiftedSum: shiftedSumConvBackwardWeight(x, dy, dw, g: g); return
        case .gemm: break
        }
        // The images are summed in fixed parts, each into its own partial (FixedPartSum.swift).
        let scratch = g.isPointwise ? 0 : g.patch * g.chunkRows * g.wo
        let chunks = g.rowChunks
        sumInFixedParts(items: g.n, count: wCount, into: dw) { images, part in
            let cols = UnsafeMutablePointer<Float>.allocate(capacity: max(scratch, 1))
            defer { cols.deallocate() }
            for n in images {
                for gi in 0..<g.groups {
                    let xg = x + (n * g.c + gi * g.cg) * hw
                    let dyg = dy + (n * g.o + gi * g.og) * howo, dwg = part + gi * g.og * g.patch
                    if g.isPointwise {
                        sgemm(transA: false, transB: true, m: g.og, n: g.patch, k: howo, dyg, lda: howo, xg, ldb: howo,
                              beta: 1, dwg, ldc: g.patch)
                        continue
                    }
                    for rows in chunks {
                        let width = rows.count * g.wo
                        im2col(xg, cols, channels: g.cg, g: g, rows: rows)
                        sgemm(transA: false, transB: true, m: g.og, n: g.patch, k: width, dyg + rows.lowerBound * g.wo,
                              lda: howo, cols, ldb: width, beta: 1, dwg, ldc: g.patch)
                    }
                }
            }
        }
    }

    /// Floats in one chunk of the im2col matrix: 1 MB, the L2 cache of one core here (AMD EPYC).
    static let colsChunkFloats = 1 << 18

    /// y[n, c, :] += bias[c] for planes = N·C planes of planeSize.
    static func addChannelBias(_ y: UnsafeMutablePointer<Float>, _ bias: UnsafePointer<Float>, planes: Int, channels: Int, planeSize: Int) {
        Parallel.forRange(planes, grain: max(1, Parallel.elementGrain / max(planeSize, 1))) { r in
            for p in r {
                let b = bias[p % channels], row = y + p * planeSize
                for i in 0..<planeSize { row[i] += b }
            }
        }
    }

    /// Runs `body(n, scratch, splitRows)` for every image n: in parallel over images when there are
    /// enough of them, else one image at a time with `splitRows` telling the body to split its GEMMs.
    private static func forEachImage(_ g: ConvGeometry, scratch: Int,
                                     _ body: (Int, UnsafeMutablePointer<Float>, Bool) -> Void) {
        let splitRows = g.n < Parallel.workers
        let perWorker = splitRows ? g.n : 1
        Parallel.forRange(g.n, grain: perWorker) { r in
            let cols = UnsafeMutablePointer<Float>.allocate(capacity: max(scratch, 1))
            defer { cols.deallocate() }
            for n in r { body(n, cols, splitRows) }
        }
    }
}

/// sgemm with positional arguments, so the serial and row-split versions can be picked as one value.
private func gemmSerial(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
                   _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
    Kernels.sgemm(transA: ta, transB: tb, m: m, n: n, k: k, a, lda: lda, b, ldb: ldb, beta: beta, c, ldc: ldc)
}
private func gemmRowSplit(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
                           _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
    Kernels.sgemmParallel(transA: ta, transB: tb, m: m, n: n, k: k, a, lda: lda, b, ldb: ldb, beta: beta, c, ldc: ldc)
}
