// The Adam update (Kingma & Ba 2015, Algorithm 1) in PyTorch's form, fused into one pass.
//
//   p, g, m, v, newP, newM, newV: (n)    t: the 1-based step
//   g ← g + λ·p (weight decay, PyTorch's L2 form)
//   m ← β1·m + (1 − β1)·g        v ← β2·v + (1 − β2)·g²
//   p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)

import Foundation

extension Kernels {
    static func adam(p: UnsafePointer<Float>, g: UnsafePointer<Float>, m: UnsafePointer<Float>, v: UnsafePointer<Float>,
                     newP: UnsafeMutablePointer<Float>, newM: UnsafeMutablePointer<Float>, newV: UnsafeMutablePointer<Float>,
                     n: Int, step t: Int, lr: Float, beta1: Float, beta2: Float, eps: Float, weightDecay: Float) {
        // Bias corrections in double, as PyTorch computes them from Python floats.
        let stepSize = Float(Double(lr) / (1 - pow(Double(beta1), Double(t))))
        let rootC2 = Float((1 - pow(Double(beta2), Double(t))).squareRoot())
        Parallel.forRange(n, grain: Parallel.elementGrain) { r in
            for i in r {
                let gi = g[i] + weightDecay * p[i]
                let mi = beta1 * m[i] + (1 - beta1) * gi
                let vi = beta2 * v[i] + (1 - beta2) * gi * gi
                newM[i] = mi; newV[i] = vi
                newP[i] = p[i] - stepSize * mi / (vi.squareRoot() / rootC2 + eps)
            }
        }
    }
}
