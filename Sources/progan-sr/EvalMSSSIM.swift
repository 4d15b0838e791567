// progan-sr eval msssim: diversity of a set as ProGAN measures it — mean MS-SSIM over random pairs.

import ArgumentParser
import Foundation
import Metrics

struct EvalMSSSIM: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "msssim",
        abstract: "Mean MS-SSIM over random pairs of a folder's images (lower = more diverse; compare with the real set).")

    @Option(help: "Images: a folder, a prepared data set, or a stage-one run/checkpoint (sampled).") var images: String
    @Option(help: "Images to use (default: all of a folder or data set; 1024 sampled from a checkpoint).") var count: Int?
    @Option(help: "Random pairs of distinct images.") var pairs = 10000
    @Option(help: "Seed for the pairs.") var seed: UInt64 = 1
    @Option(help: "JSON report path.") var report = "msssim.json"

    struct Report: Codable { var folder: String; var images: Int; var pairs: Int; var msssim: Double; var seconds: Double }

    func run() throws {
        let batch = try ImageSet.load(images, count: count, side: nil)
        let start = Date()
        let score = try MSSSIM.diversity(batch, pairs: pairs, seed: seed)
        let r = Report(folder: images, images: batch.count, pairs: pairs, msssim: score, seconds: Date().timeIntervalSince(start))
        print(String(format: "MS-SSIM over %d pairs of %d images: %.4f (%.1f s)", pairs, batch.count, score, r.seconds))
        try Eval.writeReport(r, to: report)
    }
}
