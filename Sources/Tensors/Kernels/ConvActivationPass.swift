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
//   leakyRelu:           gPre = g · (y > 0 ? 1 : slope)                       (the leakyGate op)
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
}
