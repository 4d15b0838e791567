// Direct convolution, stride 1, groups 1, for few output channels (SRResNet's last 9x9 conv, 64 → 3):
// its input gradient (the adjoint: a convolution from few channels); the forward and weight gradient
// are the GEMM and shifted sum of ShiftedSumConv.swift, measured faster. There the im2col GEMM has 3 rows: its patch
// matrix (C·kh·kw × Ho·Wo, 5184 × 9216 floats per image) is written and read once per product, and
// OpenBLAS' kernel is built for many rows. These loops read the zero-padded image from cache instead.
//
//   x   (C, H, W)            one image
//   xp  (C, H+2p, W+2p)      x with a zero border of p (scratch, built per image)
//   w   (O, C, kh, kw)
//   y   (O, Ho, Wo)          y[o, oh, ow] = Σ_{c,i,j} w[o, c, i, j] · xp[c, oh+i, ow+j],  Ho = H + 2p − kh + 1
//
// Forward: blocks of 4 output channels × 16 output pixels kept in registers, summed over c, i, j in
// that order (so the result does not depend on the worker count). The input gradient is the same
// loop on dy with the kernel turned 180° and its axes O, C swapped, padding kh − 1 − p.

extension Kernels {
    /// y = conv(x, w) for every image (see the top of the file).   x (N, C, H, W), y (N, O, Ho, Wo)
    static func directConvForward(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                                  n N: Int, c C: Int, h H: Int, w W: Int, o O: Int, kh: Int, kw: Int, padding p: Int) {
        let Ho = H + 2 * p - kh + 1, Wo = W + 2 * p - kw + 1
        let packed = packWeights4(w, o: O, c: C, kh: kh, kw: kw)
        defer { packed.deallocate() }
        let blocks = (O + 3) / 4
        // Parallel over (image, block of 4 output channels); an item pads its image unless the
        // previous item of the same worker had the same image.
        Parallel.forRange(N * blocks, grain: 1) { r in
            let Hp = H + 2 * p, Wp = W + 2 * p
            let xp = UnsafeMutablePointer<Float>.allocate(capacity: C * Hp * Wp)
            defer { xp.deallocate() }
            var padded = -1
            for item in r {
                let n = item / blocks, b = item % blocks
                if n != padded { padImage(x + n * C * H * W, xp, c: C, h: H, w: W, padding: p); padded = n }
                directConvBlock(UnsafePointer(xp), packed + b * C * kh * kw * 4, y + n * O * Ho * Wo,
                                o0: 4 * b, o: O, c: C, hp: Hp, wp: Wp, ho: Ho, wo: Wo, kh: kh, kw: kw)
            }
        }
    }

    /// dx = convᵀ(dy, w) for every image: the forward loop with w turned 180° and O, C swapped.
    ///   dy (N, O, Ho, Wo), w (O, C, kh, kw), dx (N, C, H, W) (overwritten)
    static func directConvBackwardInput(_ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
                                        g: ConvGeometry) {
        let (O, C, kh, kw) = (g.o, g.c, g.kh, g.kw)
        let turned = UnsafeMutablePointer<Float>.allocate(capacity: C * O * kh * kw)   // (C, O, kh, kw)
        defer { turned.deallocate() }
        for o in 0..<O { for c in 0..<C { for i in 0..<kh { for j in 0..<kw {
            turned[((c * O + o) * kh + kh - 1 - i) * kw + kw - 1 - j] = w[((o * C + c) * kh + i) * kw + j]
        } } } }
        // Padding kh − 1 − p on dy gives back H (and W) rows: Ho + 2(kh − 1 − p) − kh + 1 = H.
        directConvForward(dy, turned, dx, n: g.n, c: O, h: g.ho, w: g.wo, o: C, kh: kh, kw: kw, padding: kh - 1 - g.padding)
    }

    /// w (O, C, kh, kw) → blocks of 4 output channels, (⌈O/4⌉, C, kh, kw, 4), zeros past O.
    private static func packWeights4(_ w: UnsafePointer<Float>, o O: Int, c C: Int, kh: Int, kw: Int) -> UnsafeMutablePointer<Float> {
        let taps = C * kh * kw, blocks = (O + 3) / 4
        let packed = UnsafeMutablePointer<Float>.allocate(capacity: blocks * taps * 4)
        packed.initialize(repeating: 0, count: blocks * taps * 4)
        for o in 0..<O { for t in 0..<taps { packed[((o / 4) * taps + t) * 4 + o % 4] = w[o * taps + t] } }
        return packed
    }

    /// xp (C, H+2p, W+2p) = x (C, H, W) with a zero border of p.
    private static func padImage(_ x: UnsafePointer<Float>, _ xp: UnsafeMutablePointer<Float>, c C: Int, h H: Int, w W: Int, padding p: Int) {
        let Hp = H + 2 * p, Wp = W + 2 * p
        xp.update(repeating: 0, count: C * Hp * Wp)
        for c in 0..<C {
            for r in 0..<H { (xp + (c * Hp + r + p) * Wp + p).update(from: x + (c * H + r) * W, count: W) }
        }
    }

    /// Output channels o0..<min(o0 + 4, O) of one image.   pw (C, kh, kw, 4), y (O, Ho, Wo)
    @inline(__always)
    private static func directConvBlock(_ xp: UnsafePointer<Float>, _ pw: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                                        o0: Int, o O: Int, c C: Int, hp Hp: Int, wp Wp: Int, ho Ho: Int, wo Wo: Int, kh: Int, kw: Int) {
        let outs = min(4, O - o0)
        let planeStride = Ho * Wo
        for oh in 0..<Ho {
            var v = 0
            while v + 16 <= Wo {
                // Accumulators: output channel k (of 4) × pixels v..<v+8 (a) and v+8..<v+16 (b).
                var a0 = SIMD8<Float>.zero, a1 = a0, a2 = a0, a3 = a0
                var b0 = a0, b1 = a0, b2 = a0, b3 = a0
                for c in 0..<C {
                    for i in 0..<kh {
                        let row = xp + (c * Hp + oh + i) * Wp + v
                        let wr = pw + (c * kh + i) * kw * 4
                        for j in 0..<kw {
                            let xa = load8(row + j), xb = load8(row + j + 8)
                            let wj = wr + j * 4
                            let w0 = SIMD8<Float>(repeating: wj[0]), w1 = SIMD8<Float>(repeating: wj[1])
                            let w2 = SIMD8<Float>(repeating: wj[2]), w3 = SIMD8<Float>(repeating: wj[3])
                            a0 = a0.addingProduct(w0, xa); b0 = b0.addingProduct(w0, xb)
                            a1 = a1.addingProduct(w1, xa); b1 = b1.addingProduct(w1, xb)
                            a2 = a2.addingProduct(w2, xa); b2 = b2.addingProduct(w2, xb)
                            a3 = a3.addingProduct(w3, xa); b3 = b3.addingProduct(w3, xb)
                        }
                    }
                }
                let out = y + o0 * planeStride + oh * Wo + v
                store8(a0, out); store8(b0, out + 8)
                if outs > 1 { store8(a1, out + planeStride); store8(b1, out + planeStride + 8) }
                if outs > 2 { store8(a2, out + 2 * planeStride); store8(b2, out + 2 * planeStride + 8) }
                if outs > 3 { store8(a3, out + 3 * planeStride); store8(b3, out + 3 * planeStride + 8) }
                v += 16
            }
            while v < Wo {   // the tail, one pixel at a time, in the same order of terms
                var s = SIMD4<Float>.zero
                for c in 0..<C {
                    for i in 0..<kh {
                        let row = xp + (c * Hp + oh + i) * Wp + v
                        let wr = pw + (c * kh + i) * kw * 4
                        for j in 0..<kw {
                            s = s.addingProduct(SIMD4<Float>(repeating: row[j]), UnsafeRawPointer(wr + j * 4).loadUnaligned(as: SIMD4<Float>.self))
                        }
                    }
                }
                for k in 0..<outs { y[(o0 + k) * planeStride + oh * Wo + v] = s[k] }
                v += 1
            }
        }
    }
}
