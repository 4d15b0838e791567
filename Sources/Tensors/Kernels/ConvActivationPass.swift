// What follows a convolution in ProGAN, applied to one image's output while it is still in cache (the GEMM path
// calls it per image, right after that image's GEMM; the other paths once per image after the convolution).
//
//   y   (O, S)   one image's convolution output (bias included), S = Ho·Wo; overwritten with the activation
//   r   (S)      leakyReluPixelNorm only: 1 / sqrt(mean_o(lrelu(y)²) + ε), kept for the backward
//
//   leakyRelu:           y ← max(y, 0) + slope · min(y, 0)
//   leakyReluPixelNorm:  y ← lrelu(y) · r                       (Karras et al. 2018 §4.2, after every G conv)
//
// Backward, from the activated output y alone (r > 0, so y > 0 exactly where the pre-activation is > 0):
//   leakyRelu:           gPre = g · (y > 0 ? 1 : slope)                       (the leakyGate op; leakyGateBackward)
//   leakyReluPixelNorm:  gPre = (r · (g − y · mean_o(g · y))) · (y > 0 ? 1 : slope)   (Kernels.pixelNormBackward)

extension Kernels {
    static func convActivation(_ y: UnsafeMutablePointer<Float>, r: UnsafeMutablePointer<Float>?, channels O: Int, size S: Int,
                               _ activation: ConvActivation) {
        switch activation {
        case .identity: return
        case .leakyRelu(let slope):
            for i in 0..<(O * S) { let v = y[i]; y[i] = v > 0 ? v : v * slope }
        case .leakyReluPixelNorm(let slope, let eps):
            guard let r else { fatalError("convActivation: pixel norm needs its r buffer") }
            pixelNormImage(y, y, r, channels: O, size: S, eps: eps, leakySlope: slope)
        }
    }

    /// gPre = g · (y > 0 ? 1 : slope), and each plane's sum of gPre taken while the plane is in cache, in
    /// sumContiguous's order (Reduce.swift): summed over the images, they are gPre.sum(axes: [0, 2, 3]) bit for bit.
    ///   g, y, gPre (P, S)   P = N·O planes of S = Ho·Wo;   planeSums (P)
    static func leakyGateBackward(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ gPre: UnsafeMutablePointer<Float>,
                                  planeSums: UnsafeMutablePointer<Float>, planes P: Int, size S: Int, slope: Float) {
        Parallel.forRange(P, grain: max(1, Parallel.elementGrain / max(S, 1))) { range in
            for p in range {
                let gp = g + p * S, yp = y + p * S, out = gPre + p * S
                for i in 0..<S { out[i] = yp[i] > 0 ? gp[i] : gp[i] * slope }
                planeSums[p] = sumContiguous(out, S)
            }
        }
    }
}
