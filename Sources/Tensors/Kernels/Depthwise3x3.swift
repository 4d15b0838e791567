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
                        var s = b + k0 * load8(r0 + v)
                        s += k1 * load8(r0 + v + 1); s += k2 * load8(r0 + v + 2)
                        s += k3 * load8(r1 + v); s += k4 * load8(r1 + v + 1); s += k5 * load8(r1 + v + 2)
                        s += k6 * load8(r2 + v); s += k7 * load8(r2 + v + 1); s += k8 * load8(r2 + v + 2)
                        store8(s, out + v)
                        v += 8
                    }
                    if v + 4 <= W {   // 4 px planes (ProGAN's first level) and a 4-wide rest: half vectors
                        let (b4, q) = (SIMD4<Float>(repeating: b0), { (i: Int) in SIMD4<Float>(repeating: k[i]) })
                        var s = b4 + q(0) * load4(r0 + v)
                        s += q(1) * load4(r0 + v + 1); s += q(2) * load4(r0 + v + 2)
                        s += q(3) * load4(r1 + v); s += q(4) * load4(r1 + v + 1); s += q(5) * load4(r1 + v + 2)
                        s += q(6) * load4(r2 + v); s += q(7) * load4(r2 + v + 1); s += q(8) * load4(r2 + v + 2)
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
        // Parallel over channels: each worker owns its channels' nine sums, kept as nine vector
        // accumulators over all images and rows and reduced once at the end.
        Parallel.forRange(C, grain: 1) { range in
            let pad = PaddedPlane(h: H, w: W)
            defer { pad.deallocate() }
            for c in range {
                // Nine accumulators as locals (an array of them would live in memory, not registers).
                var (a0, a1, a2) = (SIMD8<Float>.zero, SIMD8<Float>.zero, SIMD8<Float>.zero)
                var (a3, a4, a5) = (SIMD8<Float>.zero, SIMD8<Float>.zero, SIMD8<Float>.zero)
                var (a6, a7, a8) = (SIMD8<Float>.zero, SIMD8<Float>.zero, SIMD8<Float>.zero)
                var tail = (Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0))
                for n in 0..<N {
                    pad.fill(from: x + (n * C + c) * H * W)
                    let pdy = dy + (n * C + c) * H * W
                    for oh in 0..<H {
                        let g = pdy + oh * W
                        let r0 = UnsafePointer(pad.buffer + oh * PW), r1 = r0 + PW, r2 = r1 + PW
                        var v = 0
                        while v + 8 <= W {
                            let gv = load8(g + v)
                            a0 += gv * load8(r0 + v); a1 += gv * load8(r0 + v + 1); a2 += gv * load8(r0 + v + 2)
                            a3 += gv * load8(r1 + v); a4 += gv * load8(r1 + v + 1); a5 += gv * load8(r1 + v + 2)
                            a6 += gv * load8(r2 + v); a7 += gv * load8(r2 + v + 1); a8 += gv * load8(r2 + v + 2)
                            v += 8
                        }
                        if v + 4 <= W {   // 4 px planes and a 4-wide rest: half vectors, in the low half of the accumulators
                            let gv = load4(g + v)
                            func low(_ x: SIMD4<Float>) -> SIMD8<Float> { SIMD8(lowHalf: x, highHalf: .zero) }
                            a0 += low(gv * load4(r0 + v)); a1 += low(gv * load4(r0 + v + 1)); a2 += low(gv * load4(r0 + v + 2))
                            a3 += low(gv * load4(r1 + v)); a4 += low(gv * load4(r1 + v + 1)); a5 += low(gv * load4(r1 + v + 2))
                            a6 += low(gv * load4(r2 + v)); a7 += low(gv * load4(r2 + v + 1)); a8 += low(gv * load4(r2 + v + 2))
                            v += 4
                        }
                        while v < W {   // planes narrower than 4, and the tail
                            let gs = g[v]
                            tail.0 += gs * r0[v]; tail.1 += gs * r0[v + 1]; tail.2 += gs * r0[v + 2]
                            tail.3 += gs * r1[v]; tail.4 += gs * r1[v + 1]; tail.5 += gs * r1[v + 2]
                            tail.6 += gs * r2[v]; tail.7 += gs * r2[v + 1]; tail.8 += gs * r2[v + 2]
                            v += 1
                        }
                    }
                }
                let out = dw + c * 9
                out[0] = a0.sum() + tail.0; out[1] = a1.sum() + tail.1; out[2] = a2.sum() + tail.2
                out[3] = a3.sum() + tail.3; out[4] = a4.sum() + tail.4; out[5] = a5.sum() + tail.5
                out[6] = a6.sum() + tail.6; out[7] = a7.sum() + tail.7; out[8] = a8.sum() + tail.8
            }
        }
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
