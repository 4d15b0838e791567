// SRQuality: PSNR and SSIM as super-resolution papers compute them, so that our numbers sit beside
// published Set5/Set14 tables: BasicSR's calculate_psnr / calculate_ssim (also SRGAN-PyTorch's evaluation).
//
// - crop `border` pixels (the scale factor) at each side of both images;
// - on Y (BT.601 studio range, as MATLAB's rgb2ycbcr): Y = 16 + (65.481 R + 128.553 G + 24.966 B) / 255
//   for R, G, B in 0…255, kept as a float (not rounded), or on the RGB channels themselves;
// - PSNR = 10 log10(255² / MSE) on float values, capped at `maximumPSNR` (100 dB; see there why);
// - SSIM: Gaussian window 11 (σ 1.5), 'valid' filtering, C1 = (0.01·255)², C2 = (0.03·255)², averaged over
//   the map, and over channels for RGB.

import Foundation

public enum SRQuality {
    /// Which values the measures compare.
    public enum Channels: String, Codable, Sendable {
        /// The luma of BT.601 YCbCr (the SR papers' convention).
        case y
        /// The three RGB channels.
        case rgb
    }

    /// The highest PSNR reported, in dB: what identical images (MSE 0) score. BasicSR's calculate_psnr and
    /// scikit-image's peak_signal_noise_ratio return ∞ there, which JSON cannot hold (a report with one flat
    /// image or one exact round trip failed to write) and which makes any mean over images ∞. 100 dB is the
    /// cap many SR codebases use for an exact match; with 8-bit images it is one grey level of difference in
    /// one pixel of a 400x400 image, so only differences finer than that read as identical.
    public static let maximumPSNR = 100.0

    /// PSNR in dB from a mean squared error of values with peak 255, at most `maximumPSNR`.
    public static func psnr(mse: Double) -> Double {
        mse <= 0 ? maximumPSNR : min(maximumPSNR, 10 * log10(255 * 255 / mse))
    }

    /// PSNR in dB between image `i` of `output` and image `i` of `truth` (at most `maximumPSNR`).
    public static func psnr(_ output: ImageBatch, _ truth: ImageBatch, image i: Int, border: Int, on channels: Channels) throws -> Double {
        let (a, b, c, h, w) = try prepare(output, truth, image: i, border: border, on: channels)
        var se = 0.0
        for k in 0..<a.count { let d = a[k] - b[k]; se += d * d }
        let mse = se / Double(c * h * w)
        return psnr(mse: mse)
    }

    /// The smallest side an image needs for `ssim` (and so for an SR report) with a `border`-pixel crop.
    public static func minimumSide(border: Int) -> Int { 2 * border + 11 }

    /// SSIM between image `i` of `output` and image `i` of `truth`.
    public static func ssim(_ output: ImageBatch, _ truth: ImageBatch, image i: Int, border: Int, on channels: Channels) throws -> Double {
        let (a, b, c, h, w) = try prepare(output, truth, image: i, border: border, on: channels)
        guard h >= 11 && w >= 11 else {
            throw MetricsError.tooSmall(what: "SSIM (after cropping \(border) px)", height: h, width: w, minimum: 11)
        }
        return SSIMKernel.ssimAndCS(a, b, channels: c, height: h, width: w,
                                    window: SSIMKernel.gaussian(size: 11, sigma: 1.5),
                                    c1: pow(0.01 * 255, 2), c2: pow(0.03 * 255, 2)).ssim
    }

    /// The two images as cropped double planes ((C', H', W'), C' = 1 for Y).
    static func prepare(_ output: ImageBatch, _ truth: ImageBatch, image i: Int, border: Int, on channels: Channels)
        throws -> ([Double], [Double], Int, Int, Int) {
        guard output.shape.dropFirst() == truth.shape.dropFirst() else {
            throw MetricsError.shapeMismatch(what: "PSNR/SSIM (output vs truth)", first: output.shape, second: truth.shape)
        }
        guard output.channels == 3 else {
            throw MetricsError.unsupportedShape(what: "PSNR/SSIM", shape: output.shape, reason: "images must be RGB")
        }
        precondition(i >= 0 && i < output.count && i < truth.count, "SRQuality: image \(i) out of range")
        let h = output.height - 2 * border, w = output.width - 2 * border
        guard border >= 0 && h > 0 && w > 0 else {
            throw MetricsError.tooSmall(what: "PSNR/SSIM with a \(border) px border crop", height: output.height, width: output.width, minimum: 2 * border + 1)
        }
        func planes(_ batch: ImageBatch) -> [Double] {
            let H = batch.height, W = batch.width
            let base = i * batch.imageSize
            return batch.pixels.withUnsafeBufferPointer { p -> [Double] in
                let px = p.baseAddress! + base
                func at(_ c: Int, _ r: Int, _ j: Int) -> Double { Double(px[(c * H + r + border) * W + j + border]) }
                switch channels {
                case .y:
                    var out = [Double](repeating: 0, count: h * w)
                    for r in 0..<h {
                        for j in 0..<w {
                            out[r * w + j] = 16 + (65.481 * at(0, r, j) + 128.553 * at(1, r, j) + 24.966 * at(2, r, j)) / 255
                        }
                    }
                    return out
                case .rgb:
                    var out = [Double](repeating: 0, count: 3 * h * w)
                    for c in 0..<3 { for r in 0..<h { for j in 0..<w { out[(c * h + r) * w + j] = at(c, r, j) } } }
                    return out
                }
            }
        }
        return (planes(output), planes(truth), channels == .y ? 1 : 3, h, w)
    }
}
