// SSIMKernel: the SSIM and contrast-structure means of two images, the core shared by MS-SSIM (official
// metrics/ms_ssim.py, _SSIMForMultiScale) and by the super-resolution SSIM (BasicSR's _ssim): both are
// Wang et al. 2004 with a Gaussian window and 'valid' filtering, in double precision.
//
// Shapes: x, y are (C, H, W) double planes; the window is size × size, size ≤ min(H, W), so the maps
// are (C, H − size + 1, W − size + 1); the means run over all of them (channels included).
//   μx = g ∗ x, σxx = g ∗ x² − μx², σxy = g ∗ xy − μxμy
//   ssim = mean((2μxμy + c1)(2σxy + c2) / ((μx² + μy² + c1)(σxx + σyy + c2)))
//   cs   = mean((2σxy + c2) / (σxx + σyy + c2))
// The 2-D Gaussian exp(−(i² + j²)/2σ²)/Σ is the outer product of the normalised 1-D one, so each of the
// five filtered maps is two 1-D passes.

import Foundation

enum SSIMKernel {
    /// The normalised 1-D Gaussian of the official _FSpecialGauss: taps at −r…r, or at a half-pixel
    /// offset grid (−r + ½ … r − ½) for even sizes.
    static func gaussian(size: Int, sigma: Double) -> [Double] {
        let radius = size / 2
        let offset = size % 2 == 0 ? 0.5 : 0.0
        let taps = (0..<size).map { i -> Double in
            let t = offset + Double(-radius + i)
            return exp(-(t * t) / (2 * sigma * sigma))
        }
        let s = taps.reduce(0, +)
        return taps.map { $0 / s }
    }

    /// (mean ssim, mean cs) of x and y ((channels, h, w) each) with window `g` (size taps).
    static func ssimAndCS(_ x: [Double], _ y: [Double], channels: Int, height h: Int, width w: Int,
                         window g: [Double], c1: Double, c2: Double) -> (ssim: Double, cs: Double) {
        let k = g.count
        let ho = h - k + 1, wo = w - k + 1
        precondition(ho >= 1 && wo >= 1, "SSIM: window \(k) larger than the \(w)x\(h) image")
        // Horizontal pass of the five maps into (5, h, wo); then vertical into the running sums.
        var horiz = [Double](repeating: 0, count: 5 * h * wo)
        var ssimSum = 0.0, csSum = 0.0
        var column = [Double](repeating: 0, count: 5 * wo)
        for c in 0..<channels {
            x.withUnsafeBufferPointer { xb in
                y.withUnsafeBufferPointer { yb in
                    horiz.withUnsafeMutableBufferPointer { hb in
                        let xp = xb.baseAddress! + c * h * w, yp = yb.baseAddress! + c * h * w
                        let hp = hb.baseAddress!
                        let plane = h * wo
                        for r in 0..<h {
                            let xr = xp + r * w, yr = yp + r * w
                            for j in 0..<wo {
                                var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
                                for t in 0..<k {
                                    let a = xr[j + t], b = yr[j + t], gt = g[t]
                                    sx += gt * a; sy += gt * b
                                    sxx += gt * a * a; syy += gt * b * b; sxy += gt * a * b
                                }
                                let o = r * wo + j
                                hp[o] = sx; hp[plane + o] = sy; hp[2 * plane + o] = sxx
                                hp[3 * plane + o] = syy; hp[4 * plane + o] = sxy
                            }
                        }
                    }
                }
            }
            horiz.withUnsafeBufferPointer { hb in
                column.withUnsafeMutableBufferPointer { cb in
                    let hp = hb.baseAddress!, col = cb.baseAddress!
                    let plane = h * wo
                    for r in 0..<ho {
                        for i in 0..<(5 * wo) { col[i] = 0 }
                        for t in 0..<k {
                            let gt = g[t]
                            for m in 0..<5 {
                                let src = hp + m * plane + (r + t) * wo
                                let dst = col + m * wo
                                for j in 0..<wo { dst[j] += gt * src[j] }
                            }
                        }
                        for j in 0..<wo {
                            let mx = col[j], my = col[wo + j]
                            let sxx = col[2 * wo + j] - mx * mx
                            let syy = col[3 * wo + j] - my * my
                            let sxy = col[4 * wo + j] - mx * my
                            let v1 = 2 * sxy + c2, v2 = sxx + syy + c2
                            ssimSum += (2 * mx * my + c1) * v1 / ((mx * mx + my * my + c1) * v2)
                            csSum += v1 / v2
                        }
                    }
                }
            }
        }
        let n = Double(channels * ho * wo)
        return (ssimSum / n, csSum / n)
    }
}
