// SREvaluation: the full-reference scores of super-resolved outputs against their ground truths, per
// image and on average: PSNR and SSIM on Y and on RGB with a `scale`-pixel border crop (SRQuality), and
// MS-SSIM on the whole images (MSSSIM, the official ProGAN definition).

public struct SRImageScores: Codable, Sendable, Equatable {
    public var name: String
    public var psnrY: Double
    public var ssimY: Double
    public var psnrRGB: Double
    public var ssimRGB: Double
    public var msssim: Double
}

public struct SRReport: Codable, Sendable, Equatable {
    public var scale: Int
    public var images: [SRImageScores]
    /// Means over the images (PSNR averaged in dB, as the SR papers' tables do).
    public var mean: SRImageScores
}

public enum SREvaluation {
    /// Scores image k of `outputs` against image k of `truths`; `names` labels them.
    public static func evaluate(outputs: ImageBatch, truths: ImageBatch, names: [String], scale: Int) throws -> SRReport {
        guard outputs.shape == truths.shape else {
            throw MetricsError.shapeMismatch(what: "SR evaluation (outputs vs truths)", first: outputs.shape, second: truths.shape)
        }
        precondition(names.count == outputs.count, "SREvaluation: \(names.count) names for \(outputs.count) images")
        let ms = try MSSSIM.pairwise(outputs, truths).scores
        var rows: [SRImageScores] = []
        for k in 0..<outputs.count {
            rows.append(SRImageScores(
                name: names[k],
                psnrY: try SRQuality.psnr(outputs, truths, image: k, border: scale, on: .y),
                ssimY: try SRQuality.ssim(outputs, truths, image: k, border: scale, on: .y),
                psnrRGB: try SRQuality.psnr(outputs, truths, image: k, border: scale, on: .rgb),
                ssimRGB: try SRQuality.ssim(outputs, truths, image: k, border: scale, on: .rgb),
                msssim: ms[k]))
        }
        func mean(_ f: (SRImageScores) -> Double) -> Double { rows.map(f).reduce(0, +) / Double(max(rows.count, 1)) }
        let m = SRImageScores(name: "mean", psnrY: mean(\.psnrY), ssimY: mean(\.ssimY), psnrRGB: mean(\.psnrRGB),
                              ssimRGB: mean(\.ssimRGB), msssim: mean(\.msssim))
        return SRReport(scale: scale, images: rows, mean: m)
    }
}
