// Pooling and nearest-neighbour upsampling kernels, k×k windows with stride k (PyTorch's floor mode:
// rows and columns past the last whole window are ignored).
//
//   x (P, H, W) planes, P = N·C;   pooled (P, H/k, W/k);   upsampled (P, H·k, W·k)

extension Kernels {
    /// y = mean of each k×k window of x.
    static func avgPool(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, planes: Int, h H: Int, w W: Int, k: Int,
                        times factor: Float = 1) {
        let Ho = H / k, Wo = W / k, scale = factor / Float(k * k), quarter = 0.25 * factor
        Parallel.forRange(planes, grain: max(1, Parallel.elementGrain / max(H * W, 1))) { r in
            for p in r {
                let src = x + p * H * W, dst = y + p * Ho * Wo
                if k == 2 {
                    // ProGAN's downscale2d: one vectorisable pass per output row, summed in the order
                    // of the general loop below.
                    for oh in 0..<Ho {
                        let out = dst + oh * Wo, r0 = src + 2 * oh * W, r1 = r0 + W
                        for ow in 0..<Wo { out[ow] = (((r0[2 * ow] + r0[2 * ow + 1]) + r1[2 * ow]) + r1[2 * ow + 1]) * quarter }
                    }
                    continue
                }
                for oh in 0..<Ho {
                    let out = dst + oh * Wo
                    for ow in 0..<Wo { out[ow] = 0 }
                    for i in 0..<k {
                        let row = src + (oh * k + i) * W
                        for ow in 0..<Wo { for j in 0..<k { out[ow] += row[ow * k + j] } }
                    }
                    for ow in 0..<Wo { out[ow] *= scale }
                }
            }
        }
    }

    /// y = x repeated into k×k blocks.   x (P, H, W) → y (P, H·k, W·k)
    static func upsampleNearest(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, planes: Int, h H: Int, w W: Int, k: Int,
                                times factor: Float = 1) {
        let Wo = W * k
        Parallel.forRange(planes, grain: max(1, Parallel.elementGrain / max(H * W * k * k, 1))) { r in
            for p in r {
                let src = x + p * H * W, dst = y + p * H * k * Wo
                for h in 0..<H {
                    let row = dst + h * k * Wo, s = src + h * W
                    if k == 2 {   // an interleave the compiler vectorises
                        for v in 0..<W { let value = s[v] * factor; row[2 * v] = value; row[2 * v + 1] = value }
                    } else {
                        for v in 0..<W { for j in 0..<k { row[v * k + j] = s[v] * factor } }
                    }
                    for i in 1..<k { (row + i * Wo).update(from: row, count: Wo) }
                }
            }
        }
    }

    /// y = max of each k×k window; index[o] = the flat position in its plane of the (first) maximum.
    static func maxPool(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ index: UnsafeMutablePointer<Int32>,
                        planes: Int, h H: Int, w W: Int, k: Int) {
        let Ho = H / k, Wo = W / k
        Parallel.forRange(planes, grain: max(1, Parallel.elementGrain / max(H * W, 1))) { r in
            for p in r {
                let src = x + p * H * W
                for oh in 0..<Ho {
                    for ow in 0..<Wo {
                        var best = -Float.infinity, at = Int32((oh * k) * W + ow * k)
                        for i in 0..<k {
                            for j in 0..<k {
                                let pos = (oh * k + i) * W + ow * k + j
                                let v = src[pos]
                                if v > best || v.isNaN { best = v; at = Int32(pos) }
                            }
                        }
                        let o = p * Ho * Wo + oh * Wo + ow
                        y[o] = best; index[o] = at
                    }
                }
            }
        }
    }

    /// dx (P, H, W) = 0 except dx[p, index[o]] += dy[o]: the adjoint of taking the maxima.
    static func maxPoolScatter(_ dy: UnsafePointer<Float>, _ index: UnsafePointer<Int32>, _ dx: UnsafeMutablePointer<Float>,
                               planes: Int, inPlane: Int, outPlane: Int) {
        Parallel.forRange(planes, grain: max(1, Parallel.elementGrain / max(inPlane, 1))) { r in
            for p in r {
                let d = dx + p * inPlane
                d.update(repeating: 0, count: inPlane)
                for o in 0..<outPlane { d[Int(index[p * outPlane + o])] += dy[p * outPlane + o] }
            }
        }
    }

    /// y[o] = x[p, index[o]]: the values at the recorded maxima (the adjoint of the scatter).
    static func maxPoolGather(_ x: UnsafePointer<Float>, _ index: UnsafePointer<Int32>, _ y: UnsafeMutablePointer<Float>,
                              planes: Int, inPlane: Int, outPlane: Int) {
        for p in 0..<planes {
            for o in 0..<outPlane { y[p * outPlane + o] = x[p * inPlane + Int(index[p * outPlane + o])] }
        }
    }
}
