// The fast kernel paths against plain loops in Double: convolution by row-chunked im2col, by the direct
// kernel and GEMM + shifted sum (few output channels), by Winograd F(2x2, 3x3), pixel shuffle's permutation, and the k = 2 pooling loops.
// Each geometry is picked to take one path, with widths that leave a tail past the SIMD blocks.

import XCTest
import Tensors

final class KernelPathTests: XCTestCase {
    /// y[n, o, oh, ow] = Σ w[o, c, i, j] x[n, c, oh·s − p + i, ow·s − p + j], with the products that
    /// give the input and weight gradients for the output seed gy.
    func naiveConv(_ x: [Float], _ w: [Float], _ gy: [Float], n N: Int, c C: Int, h H: Int, w W: Int, o O: Int, k K: Int,
                   stride s: Int, padding p: Int) -> (y: [Double], gx: [Double], gw: [Double]) {
        let Ho = (H + 2 * p - K) / s + 1, Wo = (W + 2 * p - K) / s + 1
        var y = [Double](repeating: 0, count: N * O * Ho * Wo)
        var gx = [Double](repeating: 0, count: x.count), gw = [Double](repeating: 0, count: w.count)
        for n in 0..<N { for o in 0..<O { for oh in 0..<Ho { for ow in 0..<Wo {
            let yi = ((n * O + o) * Ho + oh) * Wo + ow
            for c in 0..<C { for i in 0..<K { for j in 0..<K {
                let ih = oh * s - p + i, iw = ow * s - p + j
                guard ih >= 0, ih < H, iw >= 0, iw < W else { continue }
                let xi = ((n * C + c) * H + ih) * W + iw, wi = ((o * C + c) * K + i) * K + j
                y[yi] += Double(w[wi]) * Double(x[xi])
                gx[xi] += Double(w[wi]) * Double(gy[yi])
                gw[wi] += Double(x[xi]) * Double(gy[yi])
            } } }
        } } } }
        return (y, gx, gw)
    }

    func assertClose(_ ours: Tensor, _ ref: [Double], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let a = ours.toArray()
        XCTAssertEqual(a.count, ref.count, what, file: file, line: line)
        let scale = max(1, ref.map { abs($0) }.max() ?? 0)
        let worst = zip(a, ref).map { abs(Double($0) - $1) }.max() ?? 0
        print("kernel path \(what): max difference \(worst) (scale \(scale))")
        XCTAssertLessThanOrEqual(worst, 1e-4 * scale, what, file: file, line: line)
    }

    func checkConv(_ label: String, n: Int, c: Int, h: Int, w: Int, o: Int, k: Int, stride: Int = 1, padding: Int) {
        var rng = RNG(seed: UInt64(n * 1000 + c * 100 + o + k))
        let x = Tensor.randomNormal([n, c, h, w], rng: &rng).requiringGrad()
        let wt = Tensor.randomNormal([o, c, k, k], std: 0.2, rng: &rng).requiringGrad()
        let y = Tensor.conv2d(x, weight: wt, stride: stride, padding: padding)
        let gy = Tensor.randomNormal(y.shape, rng: &rng)
        let g = vjp(of: y, seed: gy, wrt: [x, wt])
        let ref = naiveConv(x.toArray(), wt.toArray(), gy.toArray(), n: n, c: c, h: h, w: w, o: o, k: k, stride: stride, padding: padding)
        assertClose(y, ref.y, "\(label) forward")
        assertClose(g[0], ref.gx, "\(label) input gradient")
        assertClose(g[1], ref.gw, "\(label) weight gradient")
    }

    func testConvolutionPaths() {
        // Direct kernel, few outputs (SRResNet's last conv): widths 19 (16 + tail of 3) and 7 (tail only).
        checkConv("direct 9x9 5→3", n: 3, c: 5, h: 11, w: 19, o: 3, k: 9, padding: 4)
        checkConv("direct 3x3 6→1 pad 0", n: 2, c: 6, h: 9, w: 7, o: 1, k: 3, padding: 0)
        // Forward and weight gradient by GEMM + shifted sum in bands of 8 input rows (243·8·130 floats ≈ one
        // chunk): 3 bands, the last one short; one image (the forward's GEMM split by rows), and padding 2
        // (output smaller than the input, taps that fall outside on both sides).
        checkConv("shifted sum 9x9 8→3 bands", n: 1, c: 8, h: 19, w: 130, o: 3, k: 9, padding: 4)
        checkConv("shifted sum 9x9 6→2 bands pad 2", n: 3, c: 6, h: 20, w: 135, o: 2, k: 9, padding: 2)
        // Few inputs (SRResNet's first conv): im2col forward; its adjoint is not direct either.
        checkConv("im2col 5x5 3→9", n: 2, c: 3, h: 10, w: 35, o: 9, k: 5, padding: 2)
        // im2col in chunks of one output row (patch 64·81 × 72 columns > one chunk), odd rows, stride 2.
        checkConv("chunked 9x9 64→8", n: 2, c: 64, h: 7, w: 72, o: 8, k: 9, padding: 4)
        checkConv("chunked 9x9 64→8 stride 2", n: 1, c: 64, h: 9, w: 130, o: 8, k: 9, stride: 2, padding: 4)
        // One chunk (small patch): a 3x3 with too few channels for Winograd.
        checkConv("im2col 3x3 8→8", n: 3, c: 8, h: 6, w: 5, o: 8, k: 3, padding: 1)
        // The one geometry two paths could claim (ConvPath.swift): single-channel 3x3 'same' is depthwise (it wins)
        // and few-output; all three products must still match the loops.
        checkConv("single channel 3x3 1→1 (depthwise path)", n: 2, c: 1, h: 7, w: 9, o: 1, k: 3, padding: 1)
    }

    func testWinogradPaths() {
        // One tile at a time: two chunks of tiles; odd sizes cut the last tiles at the border.
        checkConv("winograd 3x3 16→24", n: 3, c: 16, h: 6, w: 10, o: 24, k: 3, padding: 1)
        checkConv("winograd 3x3 24→16 odd", n: 2, c: 24, h: 7, w: 5, o: 16, k: 3, padding: 1)
        checkConv("winograd 3x3 16→16 6x6", n: 5, c: 16, h: 6, w: 6, o: 16, k: 3, padding: 1)
        // 4 and 2 tiles per lane vector: ProGAN's 8x8 and 4x4 layers.
        checkConv("winograd 4-wide 16→16 8x8", n: 5, c: 16, h: 8, w: 8, o: 16, k: 3, padding: 1)
        checkConv("winograd 2-wide 16→16 4x4", n: 5, c: 16, h: 4, w: 4, o: 16, k: 3, padding: 1)
        // Chunks of 128 tiles that start inside an image (225 tiles each).
        checkConv("winograd 3x3 64→64 chunks", n: 2, c: 64, h: 30, w: 30, o: 64, k: 3, padding: 1)
        // Eight tiles at a time, chunks of whole tile rows: inside one image, and across images.
        checkConv("winograd 8-wide 64→32", n: 2, c: 64, h: 16, w: 32, o: 32, k: 3, padding: 1)
        checkConv("winograd 8-wide 16→16 across images", n: 3, c: 16, h: 6, w: 16, o: 16, k: 3, padding: 1)
    }

    /// The separable layer's two halves with their biases, which the kernels add in their output pass: depthwise
    /// 3x3 (groups = C) at the plane widths ProGAN uses (4, 8, 32) and one with a tail past the SIMD block (13),
    /// and the pointwise 1x1 (one GEMM per image onto its bias). Forward, input, weight and bias gradients.
    func testSeparableHalvesWithBias() {
        func check(_ label: String, n N: Int, c C: Int, o O: Int, h H: Int, w W: Int, k K: Int) {
            let depthwise = K == 3
            var rng = RNG(seed: UInt64(N * 100 + C + W))
            let x = Tensor.randomNormal([N, C, H, W], rng: &rng).requiringGrad()
            let wt = Tensor.randomNormal([O, depthwise ? 1 : C, K, K], std: 0.3, rng: &rng).requiringGrad()
            let b = Tensor.randomNormal([O], rng: &rng).requiringGrad()
            let y = Tensor.conv2d(x, weight: wt, bias: b, padding: K / 2, groups: depthwise ? C : 1)
            let gy = Tensor.randomNormal(y.shape, rng: &rng)
            let g = vjp(of: y, seed: gy, wrt: [x, wt, b])
            let (xs, ws, bs, gys) = (x.toArray(), wt.toArray(), b.toArray(), gy.toArray())
            var ry = [Double](repeating: 0, count: y.count), rgx = [Double](repeating: 0, count: x.count)
            var rgw = [Double](repeating: 0, count: wt.count), rgb = [Double](repeating: 0, count: O)
            for n in 0..<N { for o in 0..<O { for oh in 0..<H { for ow in 0..<W {
                let yi = ((n * O + o) * H + oh) * W + ow
                ry[yi] += Double(bs[o]); rgb[o] += Double(gys[yi])
                for c in (depthwise ? o..<(o + 1) : 0..<C) { for i in 0..<K { for j in 0..<K {
                    let ih = oh - K / 2 + i, iw = ow - K / 2 + j
                    guard ih >= 0, ih < H, iw >= 0, iw < W else { continue }
                    let xi = ((n * C + c) * H + ih) * W + iw, wi = ((o * (depthwise ? 1 : C) + (depthwise ? 0 : c)) * K + i) * K + j
                    ry[yi] += Double(ws[wi]) * Double(xs[xi])
                    rgx[xi] += Double(ws[wi]) * Double(gys[yi])
                    rgw[wi] += Double(xs[xi]) * Double(gys[yi])
                } } }
            } } } }
            assertClose(y, ry, "\(label) forward")
            assertClose(g[0], rgx, "\(label) input gradient")
            assertClose(g[1], rgw, "\(label) weight gradient")
            assertClose(g[2], rgb, "\(label) bias gradient")
        }
        check("depthwise 4x4", n: 3, c: 5, o: 5, h: 4, w: 4, k: 3)
        check("depthwise 8x8", n: 2, c: 6, o: 6, h: 8, w: 8, k: 3)
        check("depthwise 13 wide", n: 2, c: 3, o: 3, h: 5, w: 13, k: 3)
        check("depthwise 32x32", n: 2, c: 4, o: 4, h: 32, w: 32, k: 3)
        check("pointwise 7→5", n: 3, c: 7, o: 5, h: 6, w: 9, k: 1)
        check("pointwise one image 16→24", n: 1, c: 16, o: 24, h: 8, w: 8, k: 1)
    }

    /// Pixel norm's fused kernels against loops in Double, for an image batch, a rank-3 input with an odd size and
    /// a latent (N, C); and its recording backward (ops, for second order) against the kernel's.
    func testPixelNormKernels() {
        for shape in [[3, 5, 4, 4], [2, 7, 13], [4, 9]] {
            var rng = RNG(seed: UInt64(shape.reduce(0, +)))
            let x = Tensor.randomNormal(shape, rng: &rng).requiringGrad()
            let y = x.pixelNorm()
            let gy = Tensor.randomNormal(shape, rng: &rng)
            let gx = vjp(of: y, seed: gy, wrt: [x])[0]
            let gxRecorded = vjp(of: y, seed: gy, wrt: [x], createGraph: true)[0]
            let (n, c) = (shape[0], shape[1]), s = x.count / (n * c)
            let (xs, gs) = (x.toArray().map(Double.init), gy.toArray().map(Double.init))
            var ry = [Double](repeating: 0, count: x.count), rgx = [Double](repeating: 0, count: x.count)
            for i in 0..<n { for p in 0..<s {
                let at = { (k: Int) in (i * c + k) * s + p }
                let r = 1 / ((0..<c).map { xs[at($0)] * xs[at($0)] }.reduce(0, +) / Double(c) + 1e-8).squareRoot()
                let dot = (0..<c).map { gs[at($0)] * xs[at($0)] * r }.reduce(0, +) / Double(c)
                for k in 0..<c {
                    ry[at(k)] = xs[at(k)] * r
                    rgx[at(k)] = r * (gs[at(k)] - xs[at(k)] * r * dot)
                }
            } }
            assertClose(y, ry, "pixel norm \(shape) forward")
            assertClose(gx, rgx, "pixel norm \(shape) backward (kernel)")
            assertClose(gxRecorded, rgx, "pixel norm \(shape) backward (recorded ops)")
        }
    }

    func testPixelShufflePermutation() {
        var rng = RNG(seed: 5)
        for (r, h, w) in [(2, 3, 5), (3, 2, 4)] {
            let (n, c) = (2, 3)
            let x = Tensor.randomNormal([n, c * r * r, h, w], rng: &rng).requiringGrad()
            let y = x.pixelShuffle(r)
            let xs = x.toArray()
            var ref = [Double](repeating: 0, count: xs.count)
            for b in 0..<n { for ch in 0..<c { for i in 0..<(h * r) { for j in 0..<(w * r) {
                let src = ((b * c * r * r + ch * r * r + (i % r) * r + j % r) * h + i / r) * w + j / r
                ref[((b * c + ch) * h * r + i) * w * r + j] = Double(xs[src])
            } } } }
            assertClose(y, ref, "pixel shuffle r=\(r) forward")
            // The backward is the inverse permutation: the gradient of ⟨y, y⟩/2 is x itself.
            assertClose(vjp(of: y, seed: y, wrt: [x])[0], xs.map(Double.init), "pixel shuffle r=\(r) backward")
        }
    }

    func testPoolingByTwo() {
        var rng = RNG(seed: 6)
        let (p, h, w) = (3, 5, 7)   // odd sizes: floor mode drops the last row and column
        let x = Tensor.randomNormal([1, p, h, w], rng: &rng)
        let xs = x.toArray()
        var pooled = [Double](repeating: 0, count: p * (h / 2) * (w / 2))
        for q in 0..<p { for i in 0..<(h / 2) { for j in 0..<(w / 2) {
            var s = 0.0
            for a in 0..<2 { for b in 0..<2 { s += Double(xs[(q * h + 2 * i + a) * w + 2 * j + b]) } }
            pooled[(q * (h / 2) + i) * (w / 2) + j] = s / 4
        } } }
        assertClose(x.avgPool2d(2), pooled, "avg pool 2")
        var up = [Double](repeating: 0, count: p * h * w * 4)
        for q in 0..<p { for i in 0..<(2 * h) { for j in 0..<(2 * w) {
            up[(q * 2 * h + i) * 2 * w + j] = Double(xs[(q * h + i / 2) * w + j / 2])
        } } }
        assertClose(x.upsampleNearest(2), up, "upsample 2")

        // Each one's backward is the other scaled (no separate pass): avg pool spreads g / 4 over its window (0 on
        // the dropped row and column), upsample sums its 2x2 block; and the backward of those backwards, twice over.
        let leaf = x.requiringGrad()
        let g = Tensor.randomNormal([1, p, h / 2, w / 2], rng: &rng), gs = g.toArray()
        var spread = [Double](repeating: 0, count: p * h * w)
        for q in 0..<p { for i in 0..<(h / 2 * 2) { for j in 0..<(w / 2 * 2) {
            spread[(q * h + i) * w + j] = Double(gs[(q * (h / 2) + i / 2) * (w / 2) + j / 2]) / 4
        } } }
        let pooledGrad = vjp(of: leaf.avgPool2d(2), seed: g, wrt: [leaf], createGraph: true)[0]
        assertClose(pooledGrad, spread, "avg pool 2 backward")
        let gu = Tensor.randomNormal([1, p, 2 * h, 2 * w], rng: &rng), gus = gu.toArray()
        var blockSums = [Double](repeating: 0, count: p * h * w)
        for q in 0..<p { for i in 0..<(2 * h) { for j in 0..<(2 * w) {
            blockSums[(q * h + i / 2) * w + j / 2] += Double(gus[(q * 2 * h + i) * 2 * w + j])
        } } }
        let upGrad = vjp(of: leaf.upsampleNearest(2), seed: gu, wrt: [leaf], createGraph: true)[0]
        assertClose(upGrad, blockSums, "upsample 2 backward")
        // Second order: ⟨pooledGrad, u⟩ is linear in g; its gradient in g is avg pool of u (u's window means).
        let gLeaf = g.requiringGrad(), u = Tensor.randomNormal(x.shape, rng: &rng)
        let again = grad(of: (vjp(of: leaf.avgPool2d(2), seed: gLeaf, wrt: [leaf], createGraph: true)[0] * u).sum(), wrt: [gLeaf])[0]
        assertClose(again, u.avgPool2d(2).toArray().map(Double.init), "avg pool 2 backward's backward")
    }
}
