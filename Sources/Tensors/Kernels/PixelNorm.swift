// ProGAN's pixelwise feature normalisation, forward and backward, each in one kernel: per image, the channel
// reduction runs over whole planes (vectorised across the pixels), so x is read twice and y written once, where
// the op composed of square, mean, rsqrt and a broadcast multiply made five passes and four tensors.
//
//   x, y, g, dx  (N, C, S)   S = the product of the dimensions after the channel one (H·W; 1 for a latent)
//   r            (N, S)      r = 1 / sqrt(mean_c(x²) + ε),   y = x · r
//   backward:    dx = r · (g − y · mean_c(g · y))   (y = x·r and ∂r/∂x_c = −r³·x_c / C)
//
// The per-image loops also serve the convolution's fused leaky ReLU + pixel norm (ConvActivationPass.swift),
// which passes a slope: the leaky ReLU applied to x first, and the backward's gate by the sign of y.

extension Kernels {
    static func pixelNorm(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ r: UnsafeMutablePointer<Float>,
                          n N: Int, c C: Int, s S: Int, eps: Float) {
        Parallel.forRange(N, grain: max(1, Parallel.elementGrain / max(C * S, 1))) { images in
            for n in images { pixelNormImage(x + n * C * S, y + n * C * S, r + n * S, channels: C, size: S, eps: eps) }
        }
    }

    /// With `leakySlope`, the gradient is also gated by y > 0 (the fused leaky ReLU before the norm).
    /// planeSums (N, C), when given: each plane's sum of dx, in sumContiguous's order (Reduce.swift), so that summing
    /// them over n gives dx.sum(axes: [0, 2, 3]) bit for bit — a convolution's bias gradient, while dx is in cache.
    static func pixelNormBackward(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ r: UnsafePointer<Float>,
                                  _ dx: UnsafeMutablePointer<Float>, n N: Int, c C: Int, s S: Int, leakySlope: Float? = nil,
                                  planeSums: UnsafeMutablePointer<Float>? = nil) {
        Parallel.forRange(N, grain: max(1, Parallel.elementGrain / max(C * S, 1))) { images in
            let dot = UnsafeMutablePointer<Float>.allocate(capacity: max(S, 1))
            defer { dot.deallocate() }
            for n in images {
                pixelNormBackwardImage(g + n * C * S, y + n * C * S, r + n * S, dx + n * C * S, channels: C, size: S, scratch: dot,
                                       leakySlope: leakySlope)
                if let planeSums { for c in 0..<C { planeSums[n * C + c] = sumContiguous(dx + (n * C + c) * S, S) } }
            }
        }
    }

    /// One image: y = lrelu(x) · r (no leaky ReLU when `leakySlope` is nil). y may be x (in place).
    @inline(__always)
    static func pixelNormImage(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ r: UnsafeMutablePointer<Float>,
                               channels C: Int, size S: Int, eps: Float, leakySlope: Float? = nil) {
        r.update(repeating: 0, count: S)
        for c in 0..<C {
            let from = x + c * S, to = y + c * S
            if let slope = leakySlope {
                for i in 0..<S { let v = from[i] > 0 ? from[i] : from[i] * slope; to[i] = v; r[i] += v * v }
            } else {
                for i in 0..<S { r[i] += from[i] * from[i] }
            }
        }
        let invC = 1 / Float(C)
        for i in 0..<S { r[i] = 1 / (r[i] * invC + eps).squareRoot() }
        for c in 0..<C {
            let from: UnsafePointer<Float> = leakySlope == nil ? x + c * S : UnsafePointer(y + c * S), to = y + c * S
            for i in 0..<S { to[i] = from[i] * r[i] }
        }
    }

    /// One image: dx = r · (g − y · mean_c(g · y)), then gated by y > 0 (1, else `leakySlope`) when a slope is given.
    /// `scratch` holds S floats.
    @inline(__always)
    static func pixelNormBackwardImage(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ r: UnsafePointer<Float>,
                                       _ dx: UnsafeMutablePointer<Float>, channels C: Int, size S: Int,
                                       scratch dot: UnsafeMutablePointer<Float>, leakySlope: Float? = nil) {
        dot.update(repeating: 0, count: S)
        for c in 0..<C { let gr = g + c * S, yr = y + c * S; for i in 0..<S { dot[i] += gr[i] * yr[i] } }
        let invC = 1 / Float(C)
        for i in 0..<S { dot[i] *= invC }
        for c in 0..<C {
            let gr = g + c * S, yr = y + c * S, out = dx + c * S
            if let slope = leakySlope {
                for i in 0..<S { let v = r[i] * (gr[i] - yr[i] * dot[i]); out[i] = yr[i] > 0 ? v : v * slope }
            } else {
                for i in 0..<S { out[i] = r[i] * (gr[i] - yr[i] * dot[i]) }
            }
        }
    }
}
