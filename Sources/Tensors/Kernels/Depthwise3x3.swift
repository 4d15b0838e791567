// Depthwise 3x3 convolution, stride 1, zero padding 1: the op that makes the separable ProGAN cheap.
// A GEMM per channel would be a 1-row GEMM (far too slow); these are direct SIMD-friendly stencils.
//
//   x  (P, H, W)   P = N·C planes; plane p belongs to channel p % C
//   w  (C, 3, 3)
//   y  (P, H, W)   y[p, h, v] = Σ_{i,j<3} w[c, i, j] · x[p, h+i−1, v+j−1]   (0 outside the plane)

extension Kernels {
    static func depthwise3x3(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                             planes: Int, channels: Int, h H: Int, w W: Int) {
        Parallel.forRange(planes, grain: max(1, 4096 / max(H * W, 1))) { range in
            // A zero row stands in for the rows above the top and below the bottom.
            let zero = UnsafeMutablePointer<Float>.allocate(capacity: W + 2)
            zero.initialize(repeating: 0, count: W + 2)
            defer { zero.deallocate() }
            for p in range {
                let k = w + (p % channels) * 9
                let (k0, k1, k2, k3, k4, k5, k6, k7, k8) = (k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7], k[8])
                let src = x + p * H * W, dst = y + p * H * W
                for oh in 0..<H {
                    let r0 = oh > 0 ? src + (oh - 1) * W : UnsafePointer(zero)
                    let r1 = src + oh * W
                    let r2 = oh + 1 < H ? src + (oh + 1) * W : UnsafePointer(zero)
                    let out = dst + oh * W
                    if W == 1 { out[0] = k1 * r0[0] + k4 * r1[0] + k7 * r2[0]; continue }
                    out[0] = k1 * r0[0] + k2 * r0[1] + k4 * r1[0] + k5 * r1[1] + k7 * r2[0] + k8 * r2[1]
                    var v = 1
                    while v < W - 1 {   // the interior: 9 FMAs per output, vectorised over v
                        out[v] = k0 * r0[v - 1] + k1 * r0[v] + k2 * r0[v + 1]
                               + k3 * r1[v - 1] + k4 * r1[v] + k5 * r1[v + 1]
                               + k6 * r2[v - 1] + k7 * r2[v] + k8 * r2[v + 1]
                        v += 1
                    }
                    let e = W - 1
                    out[e] = k0 * r0[e - 1] + k1 * r0[e] + k3 * r1[e - 1] + k4 * r1[e] + k6 * r2[e - 1] + k7 * r2[e]
                }
            }
        }
    }

    /// dw[c, i, j] = Σ_n Σ_{h,v} dy[n, c, h, v] · x[n, c, h+i−1, v+j−1].   x, dy (N, C, H, W); dw (C, 3, 3)
    static func depthwise3x3WeightGrad(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>,
                                       n N: Int, channels C: Int, h H: Int, w W: Int) {
        // Parallel over channels: each worker owns its channels' nine sums.
        Parallel.forRange(C, grain: 1) { range in
            for c in range {
                var acc = [Float](repeating: 0, count: 9)
                for n in 0..<N {
                    let px = x + (n * C + c) * H * W, pdy = dy + (n * C + c) * H * W
                    for oh in 0..<H {
                        let g = pdy + oh * W
                        for i in 0..<3 {
                            let ih = oh + i - 1
                            guard ih >= 0 && ih < H else { continue }
                            let r = px + ih * W
                            // j = 0 reads r[v−1] (v ≥ 1); j = 1 reads r[v]; j = 2 reads r[v+1] (v < W−1).
                            acc[i * 3 + 0] += dot(g + 1, r, W - 1)
                            acc[i * 3 + 1] += dot(g, r, W)
                            acc[i * 3 + 2] += dot(g, r + 1, W - 1)
                        }
                    }
                }
                for k in 0..<9 { dw[c * 9 + k] = acc[k] }
            }
        }
    }

    /// Σ a[i]·b[i], i < n, with 8 independent accumulators.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        guard n > 0 else { return 0 }
        var acc = SIMD8<Float>(repeating: 0)
        var i = 0
        while i + 8 <= n {
            acc += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
                 * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var s = acc.sum()
        while i < n { s += a[i] * b[i]; i += 1 }
        return s
    }
}
