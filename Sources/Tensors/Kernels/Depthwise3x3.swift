// Depthwise 3x3 convolution, stride 1, zero padding 1: the op that makes the separable ProGAN cheap.
// A GEMM per channel would be a 1-row GEMM (far too slow); these are direct SIMD stencils.
//
//   x     (P, H, W)   P = N·C planes; plane p belongs to channel p % C
//   w     (C, 3, 3)
//   bias  (C) or nil
//   y     (P, H, W)   y[p, h, v] = bias[c] + Σ_{i,j<3} w[c, i, j] · x[p, h+i−1, v+j−1]   (0 outside the plane)
//
// Each plane is first copied into a zero-bordered (H+2)×(W+2) scratch plane (it stays in L1), so the inner
// loops have no border cases: 8 outputs at a time, 9 fused multiply-adds each, over unaligned loads. The bias
// is the accumulators' starting value, so that the output is written once (no separate bias pass).

extension Kernels {
    static func depthwise3x3(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, bias: UnsafePointer<Float>? = nil,
                             _ y: UnsafeMutablePointer<Float>, planes: Int, channels: Int, h H: Int, w W: Int) {
        let PW = W + 2
        Parallel.forRange(planes, grain: max(1, 4096 / max(H * W, 1))) { range in
            let pad = PaddedPlane(h: H, w: W)
            defer { pad.deallocate() }
            for p in range {
                pad.fill(from: x + p * H * W)
                let k = w + (p % channels) * 9
                let b0 = bias?[p % channels] ?? 0, b = SIMD8<Float>(repeating: b0)
                // The nine weights as vector registers (locals, not an array: no allocation per plane).
                let (k0, k1, k2) = (SIMD8<Float>(repeating: k[0]), SIMD8<Float>(repeating: k[1]), SIMD8<Float>(repeating: k[2]))
                let (k3, k4, k5) = (SIMD8<Float>(repeating: k[3]), SIMD8<Float>(repeating: k[4]), SIMD8<Float>(repeating: k[5]))
                let (k6, k7, k8) = (SIMD8<Float>(repeating: k[6]), SIMD8<Float>(repeating: k[7]), SIMD8<Float>(repeating: k[8]))
                let dst = y + p * H * W
                for oh in 0..<H {
                    let r0 = UnsafePointer(pad.buffer + oh * PW), r1 = r0 + PW, r2 = r1 + PW
                    let out = dst + oh * W
                    var v = 0
                    while v + 8 <= W {
                        // Fused multiply-adds (Swift does not contract a * b + c on its own).
                        var s = b.addingProduct(k0, load8(r0 + v))
                        s = s.addingProduct(k1, load8(r0 + v + 1)); s = s.addingProduct(k2, load8(r0 + v + 2))
                        s = s.addingProduct(k3, load8(r1 + v)); s = s.addingProduct(k4, load8(r1 + v + 1)); s = s.addingProduct(k5, load8(r1 + v + 2))
                        s = s.addingProduct(k6, load8(r2 + v)); s = s.addingProduct(k7, load8(r2 + v + 1)); s = s.addingProduct(k8, load8(r2 + v + 2))
                        store8(s, out + v)
                        v += 8
                    }
                    if v + 4 <= W {   // 4 px planes (ProGAN's first level) and a 4-wide rest: half vectors
                        let (b4, q) = (SIMD4<Float>(repeating: b0), { (i: Int) in SIMD4<Float>(repeating: k[i]) })
                        var s = b4.addingProduct(q(0), load4(r0 + v))
                        s = s.addingProduct(q(1), load4(r0 + v + 1)); s = s.addingProduct(q(2), load4(r0 + v + 2))
                        s = s.addingProduct(q(3), load4(r1 + v)); s = s.addingProduct(q(4), load4(r1 + v + 1)); s = s.addingProduct(q(5), load4(r1 + v + 2))
                        s = s.addingProduct(q(6), load4(r2 + v)); s = s.addingProduct(q(7), load4(r2 + v + 1)); s = s.addingProduct(q(8), load4(r2 + v + 2))
                        store4(s, out + v)
                        v += 4
                    }
                    while v < W {   // planes narrower than 4, and the tail
                        var s = b0
                        for i in 0..<3 { let r = r0 + i * PW + v; s += k[i * 3] * r[0] + k[i * 3 + 1] * r[1] + k[i * 3 + 2] * r[2] }
                        out[v] = s
                        v += 1
                    }
                }
            }
        }
    }

    /// dw[c, i, j] = Σ_n Σ_{h,v} dy[n, c, h, v] · x[n, c, h+i−1, v+j−1].   x, dy (N, C, H, W); dw (C, 3, 3)
    static func depthwise3x3WeightGrad(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>,
                                       n N: Int, channels C: Int, h H: Int, w W: Int) {
        let PW = W + 2
        // Parallel over images in fixed parts (FixedPartSum.swift: the same bits on any core count), each image's
        // planes read in memory order (by channel, they were 4 KB pages far apart, each a cold start for the
        // prefetcher). Per plane, one pass per kernel row i with three vector accumulators (the nine at once
        // spilled, and LLVM rebuilt the overlapping loads from shuffles).
        sumInFixedParts(items: N, count: C * 9, into: dw) { images, part in
            let pad = PaddedPlane(h: H, w: W)
            defer { pad.deallocate() }
            for n in images {
                for c in 0..<C {
                    pad.fill(from: x + (n * C + c) * H * W)
                    let pdy = dy + (n * C + c) * H * W, sums = part + c * 9
                    for i in 0..<3 {
                        let (s0, s1, s2) = depthwise3x3WeightGradRow(pdy, UnsafePointer(pad.buffer + i * PW), h: H, w: W)
                        sums[i * 3] += s0; sums[i * 3 + 1] += s1; sums[i * 3 + 2] += s2
                    }
                }
            }
        }
    }

    /// Σ_{h,v} dy[h, v] · pad[h, v + j] for j = 0, 1, 2: one kernel row's three weight-gradient sums over one plane.
    /// dy (H, W); pad rows of W + 2, starting at the kernel row's offset.
    @inline(__always)
    private static func depthwise3x3WeightGradRow(_ dy: UnsafePointer<Float>, _ pad: UnsafePointer<Float>,
                                                  h H: Int, w W: Int) -> (Float, Float, Float) {
        let PW = W + 2
        var (a0, a1, a2) = (SIMD8<Float>.zero, SIMD8<Float>.zero, SIMD8<Float>.zero)
        var (b0, b1, b2) = (SIMD4<Float>.zero, SIMD4<Float>.zero, SIMD4<Float>.zero)
        var (t0, t1, t2) = (Float(0), Float(0), Float(0))
        for oh in 0..<H {
            let g = dy + oh * W, r = pad + oh * PW
            var v = 0
            while v + 8 <= W {
                let gv = load8(g + v)
                a0 = a0.addingProduct(gv, load8(r + v)); a1 = a1.addingProduct(gv, load8(r + v + 1)); a2 = a2.addingProduct(gv, load8(r + v + 2))
                v += 8
            }
            if v + 4 <= W {   // 4 px planes and a 4-wide rest
                let gv = load4(g + v)
                b0 = b0.addingProduct(gv, load4(r + v)); b1 = b1.addingProduct(gv, load4(r + v + 1)); b2 = b2.addingProduct(gv, load4(r + v + 2))
                v += 4
            }
            while v < W {   // planes narrower than 4, and the tail
                t0 += g[v] * r[v]; t1 += g[v] * r[v + 1]; t2 += g[v] * r[v + 2]
                v += 1
            }
        }
        return (a0.sum() + b0.sum() + t0, a1.sum() + b1.sum() + t1, a2.sum() + b2.sum() + t2)
    }
}

/// A zero-bordered copy of one (H, W) plane: (H+2) × (W+2), the border stays 0.
struct PaddedPlane {
    let buffer: UnsafeMutablePointer<Float>
    let h: Int, w: Int

    init(h: Int, w: Int) {
        self.h = h; self.w = w
        buffer = .allocate(capacity: (h + 2) * (w + 2))
        buffer.initialize(repeating: 0, count: (h + 2) * (w + 2))
    }

    /// Copies the plane `src` (H, W) into the interior. Rows are short (4–128 floats): an inline vector copy,
    /// not a memmove call per row (whose call overhead was 5% of a separable training step).
    @inline(__always)
    func fill(from src: UnsafePointer<Float>) {
        for r in 0..<h {
            let from = src + r * w, to = buffer + (r + 1) * (w + 2) + 1
            var v = 0
            while v + 8 <= w { store8(load8(from + v), to + v); v += 8 }
            while v < w { to[v] = from[v]; v += 1 }
        }
    }

    func deallocate() { buffer.deallocate() }
}

@inline(__always) func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}
@inline(__always) func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}
@inline(__always) func load4(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
}
@inline(__always) func store4(_ v: SIMD4<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Float>.self)
}
