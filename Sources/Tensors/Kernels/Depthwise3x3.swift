// Depthwise 3x3 convolution, stride 1, zero padding 1: the op that makes the separable ProGAN cheap.
// A GEMM per channel would be a 1-row GEMM (far too slow); these are direct SIMD stencils.
//
//   x  (P, H, W)   P = N·C planes; plane p belongs to channel p % C
//   w  (C, 3, 3)
//   y  (P, H, W)   y[p, h, v] = Σ_{i,j<3} w[c, i, j] · x[p, h+i−1, v+j−1]   (0 outside the plane)
//
// Each plane is first copied into a zero-bordered (H+2)×(W+2) scratch plane, so the inner loops have
// no border cases: 8 outputs at a time, 9 fused multiply-adds each, over unaligned loads.

extension Kernels {
    static func depthwise3x3(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                             planes: Int, channels: Int, h H: Int, w W: Int) {
        let PW = W + 2
        Parallel.forRange(planes, grain: max(1, 4096 / max(H * W, 1))) { range in
            let pad = PaddedPlane(h: H, w: W)
            defer { pad.deallocate() }
            for p in range {
                pad.fill(from: x + p * H * W)
                let k = w + (p % channels) * 9
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
                        var s = k0 * load8(r0 + v)
                        s += k1 * load8(r0 + v + 1); s += k2 * load8(r0 + v + 2)
                        s += k3 * load8(r1 + v); s += k4 * load8(r1 + v + 1); s += k5 * load8(r1 + v + 2)
                        s += k6 * load8(r2 + v); s += k7 * load8(r2 + v + 1); s += k8 * load8(r2 + v + 2)
                        store8(s, out + v)
                        v += 8
                    }
                    while v < W {   // planes narrower than 8, and the tail
                        var s: Float = 0
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
                var acc = [SIMD8<Float>](repeating: .zero, count: 9)
                var tail = [Float](repeating: 0, count: 9)
                for n in 0..<N {
                    pad.fill(from: x + (n * C + c) * H * W)
                    let pdy = dy + (n * C + c) * H * W
                    for oh in 0..<H {
                        let g = pdy + oh * W
                        for i in 0..<3 {
                            let r = UnsafePointer(pad.buffer + (oh + i) * PW)
                            var v = 0
                            while v + 8 <= W {
                                let gv = load8(g + v)
                                acc[i * 3] += gv * load8(r + v)
                                acc[i * 3 + 1] += gv * load8(r + v + 1)
                                acc[i * 3 + 2] += gv * load8(r + v + 2)
                                v += 8
                            }
                            while v < W {
                                tail[i * 3] += g[v] * r[v]; tail[i * 3 + 1] += g[v] * r[v + 1]; tail[i * 3 + 2] += g[v] * r[v + 2]
                                v += 1
                            }
                        }
                    }
                }
                for k in 0..<9 { dw[c * 9 + k] = acc[k].sum() + tail[k] }
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

    /// Copies the plane `src` (H, W) into the interior.
    func fill(from src: UnsafePointer<Float>) {
        for r in 0..<h { (buffer + (r + 1) * (w + 2) + 1).update(from: src + r * w, count: w) }
    }

    func deallocate() { buffer.deallocate() }
}

@inline(__always) func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}
@inline(__always) func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}
