// progan-sr eval msssim: diversity of a set as ProGAN measures it — mean MS-SSIM over random pairs.

import ArgumentParser
import Foundation
import Metrics
import Pipeline

struct EvalMSSSIM: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "msssim",
        abstract: "Mean MS-SSIM over random pairs of a folder's images (lower = more diverse; compare with the real set).")

    @Option(help: "Images: a folder, a prepared data set, or a stage-one run/checkpoint (sampled).") var images: String
    @Option(help: "Images to use, at least 2 (default: all of a folder or data set; 1024 sampled from a checkpoint).") var count: Int?
    @Option(help: "Random pairs of distinct images.") var pairs = 10000
    @Option(help: "Resize the images to this square size first (default: their own size, which must be one; at least 16).")
    var resolution: Int?
    @Option(help: "Seed for the pairs.") var seed: UInt64 = 1
    @Option(help: "JSON report path.") var report = "msssim.json"

    struct Report: Codable { var folder: String; var images: Int; var pairs: Int; var msssim: Double; var seconds: Double }

    func validate() throws {
        if let count { try ArgumentChecks.atLeast(count, 2, "--count") }
        try ArgumentChecks.atLeast(pairs, 1, "--pairs")
        if let resolution { try ArgumentChecks.atLeast(resolution, MSSSIM.minimumSide, "--resolution") }
        try ArgumentChecks.outputFile(report, "--report")
    }

    func run() throws {
        let set = try ImageSet.inspect(images, side: resolution)
        if let side = set.knownSmallestSide, side < MSSSIM.minimumSide {
            throw MetricsError.tooSmall(what: "MS-SSIM set \(images)", height: side, width: side, minimum: MSSSIM.minimumSide)
        }
        let (n, _) = try ImageSet.count(asked: count, preferred: nil, sets: [set])
        guard n >= 2 else { throw MetricsError.tooFewImages(what: "MS-SSIM diversity of \(images)", have: n, need: 2) }
        let batch = try set.loadShowingProgress(count: n)
        let start = Date()
        let score = try MSSSIM.diversity(batch, pairs: pairs, seed: seed)
        let r = Report(folder: images, images: batch.count, pairs: pairs, msssim: score, seconds: Date().timeIntervalSince(start))
        print(String(format: "MS-SSIM over %d pairs of %d images: %.4f (%.1f s)", pairs, batch.count, score, r.seconds))
        try Eval.writeReport(r, to: report)
    }
}
