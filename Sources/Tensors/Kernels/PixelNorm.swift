// ProGAN's pixelwise feature normalisation, forward and backward, each in one kernel: per image, the channel
// reduction runs over whole planes (vectorised across the pixels), so x is read twice and y written once, where
// the op composed of square, mean, rsqrt and a broadcast multiply made five passes and four tensors.
//
//   x, y, g, dx  (N, C, S)   S = the product of the dimensions after the channel one (H·W; 1 for a latent)
//   r            (N, S)      r = 1 / sqrt(mean_c(x²) + ε),   y = x · r
//   backward:    dx = r · (g − y · mean_c(g · y))   (y = x·r and ∂r/∂x_c = −r³·x_c / C)

extension Kernels {
    static func pixelNorm(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ r: UnsafeMutablePointer<Float>,
                          n N: Int, c C: Int, s S: Int, eps: Float) {
        let invC = 1 / Float(C)
        Parallel.forRange(N, grain: max(1, Parallel.elementGrain / max(C * S, 1))) { images in
            for n in images {
                let xn = x + n * C * S, yn = y + n * C * S, rn = r + n * S
                rn.update(repeating: 0, count: S)
                for c in 0..<C { let row = xn + c * S; for i in 0..<S { rn[i] += row[i] * row[i] } }
                for i in 0..<S { rn[i] = 1 / (rn[i] * invC + eps).squareRoot() }
                for c in 0..<C {
                    let from = xn + c * S, to = yn + c * S
                    for i in 0..<S { to[i] = from[i] * rn[i] }
                }
            }
        }
    }

    static func pixelNormBackward(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ r: UnsafePointer<Float>,
                                  _ dx: UnsafeMutablePointer<Float>, n N: Int, c C: Int, s S: Int) {
        let invC = 1 / Float(C)
        Parallel.forRange(N, grain: max(1, Parallel.elementGrain / max(C * S, 1))) { images in
            let dot = UnsafeMutablePointer<Float>.allocate(capacity: max(S, 1))
            defer { dot.deallocate() }
            for n in images {
                let gn = g + n * C * S, yn = y + n * C * S, rn = r + n * S, dxn = dx + n * C * S
                dot.update(repeating: 0, count: S)
                for c in 0..<C { let gr = gn + c * S, yr = yn + c * S; for i in 0..<S { dot[i] += gr[i] * yr[i] } }
                for i in 0..<S { dot[i] *= invC }
                for c in 0..<C {
                    let gr = gn + c * S, yr = yn + c * S, out = dxn + c * S
                    for i in 0..<S { out[i] = rn[i] * (gr[i] - yr[i] * dot[i]) }
                }
            }
        }
    }
}
