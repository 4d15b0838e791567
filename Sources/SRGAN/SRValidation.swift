// SRValidation: held-out LR/HR pairs, their bicubic baseline (computed once), and the scores of a model's
// output against HR beside bicubic's: PSNR/SSIM on Y with a `scale`-pixel border (BasicSR's convention),
// on RGB, and MS-SSIM — plus the LR | bicubic | SR | HR picture.

import Foundation
import Imaging
import Metrics
import Tensors

public struct SRScores: Codable, Equatable, Sendable {
    /// Means over the validation images.
    public var psnrY: Double
    public var ssimY: Double
    public var psnrRGB: Double
    public var msssim: Double

    init(_ report: SRReport) {
        psnrY = report.mean.psnrY
        ssimY = report.mean.ssimY
        psnrRGB = report.mean.psnrRGB
        msssim = report.mean.msssim
    }
}

public final class SRValidation {
    public let scale: Int
    public let lr: [Image]
    public let hr: [Image]
    public let names: [String]
    /// lr enlarged by libvips' bicubic kernel: the baseline.
    public let bicubic: [Image]
    /// The baseline's scores (computed once).
    public let bicubicScores: SRScores

    public init(lr: [Image], hr: [Image], names: [String], scale: Int) throws {
        precondition(!lr.isEmpty && lr.count == hr.count && names.count == lr.count, "SRValidation: needs as many LR as HR images and names")
        self.scale = scale
        self.lr = lr
        self.hr = hr
        self.names = names
        bicubic = try lr.map { try $0.resized(width: $0.width * scale, height: $0.height * scale, kernel: .bicubic) }
        bicubicScores = SRScores(try Self.evaluate(bicubic, hr, names: names, scale: scale))
    }

    public convenience init(_ data: SRTrainingData, maxSide: Int) throws {
        let set = data.validationSet(maxSide: maxSide)
        try self.init(lr: set.lr, hr: set.hr, names: set.names, scale: data.scale)
    }

    /// The full per-image report of `outputs` against HR.
    public static func evaluate(_ outputs: [Image], _ truths: [Image], names: [String], scale: Int) throws -> SRReport {
        let h = truths[0].height, w = truths[0].width
        return try SREvaluation.evaluate(outputs: ImageBatch(interleaved: outputs.map(\.pixels), height: h, width: w),
                                         truths: ImageBatch(interleaved: truths.map(\.pixels), height: h, width: w),
                                         names: names, scale: scale)
    }

    /// The LR images as one (N, 3, h, w) tensor in [0, 1].
    public var lrTensor: Tensor { Image.tensor(lr, range: .zeroToOne) }

    /// Scores of `outputs` (the model's upscaled validation images, in order).
    public func scores(_ outputs: [Image]) throws -> SRScores {
        SRScores(try Self.evaluate(outputs, hr, names: names, scale: scale))
    }

    /// Rows LR (pixels enlarged) | bicubic | SR | HR for the first `count` images.
    public func sheet(_ outputs: [Image], count: Int) -> Image {
        let cells = (0..<min(count, lr.count, outputs.count)).flatMap { i in
            [lr[i].enlarged(by: scale), bicubic[i], outputs[i], hr[i]]
        }
        return ImageGrid.grid(cells, columns: 4, padding: 4)
    }
}
