// progan-sr eval is: the Inception Score of a set of images, as torch-fidelity and the original code compute it
// (softmax of the 2015-12-05 graph's logits without the final bias, exp of the mean KL per split, mean ± std).

import ArgumentParser
import Foundation
import Inception
import Metrics
import Pipeline

struct EvalIS: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "is",
        abstract: "Inception Score of a set of images (mean ± std over splits; the convention is 50,000 images, 10 splits).")

    @Option(help: "Images: a folder, a data set, or a stage-one run/checkpoint (sampled).") var images: String
    @Option(help: "Images (default: 50000, or all of a smaller set; a seeded random subset of a larger one).") var count: Int?
    @Option(help: "Resize the images to this square size first (default: their own size).") var resolution: Int?
    @Option(help: "Seed for the subset of a larger set and a run's latents.") var seed: UInt64 = 1
    @Option(help: "Splits (the original's and torch-fidelity's 10).") var splits = InceptionScore.defaultSplits
    @Flag(inversion: .prefixedNo, help: "Shuffle the images before splitting, as torch-fidelity (RandomState(2020)); --no-shuffle: as the original code.")
    var shuffle = true
    @OptionGroup var network: InceptionArguments

    struct Report: Encodable {
        let metric = "is"
        let isMean: Double
        let isStd: Double
        let splits: Int
        let shuffled: Bool
        let splitScores: [Double]
        let images: SetFeatures.Summary
        let inception: String
    }

    func validate() throws {
        if let count { try ArgumentChecks.atLeast(count, 1, "--count") }
        if let resolution { try ArgumentChecks.atLeast(resolution, 1, "--resolution") }
        try ArgumentChecks.atLeast(splits, 1, "--splits")
        if let count, count < splits { throw ValidationError("--count \(count) is fewer than --splits \(splits): each split needs an image") }
    }

    func run() throws {
        let (model, weights) = try network.loadModel()
        let set = try ImageSet.inspect(images, side: resolution)
        let (n, note) = try ImageSet.count(asked: count, preferred: EvalFID.protocolCount, sets: [set])
        if let note { InceptionArguments.note(note) }
        guard n >= splits else { throw MetricsError.tooFewImages(what: "Inception Score in --splits \(splits)", have: n, need: splits) }
        let f = try network.features(of: set, count: n, seed: seed, model: model, label: "images")
        let score = try InceptionScore.score(f.features.logits, splits: splits, shuffle: shuffle)
        if network.json {
            try InceptionArguments.printJSON(Report(isMean: score.mean, isStd: score.standardDeviation, splits: splits, shuffled: shuffle,
                                                   splitScores: score.splitScores, images: f.summary, inception: weights))
            return
        }
        print("Inception Score (\(splits) splits, \(shuffle ? "shuffled as torch-fidelity" : "in order, as the original code")), \(n) images")
        print("set      images       size  path")
        print(f.row("images"))
        print(String(format: "IS     %.4f ± %.4f", score.mean, score.standardDeviation))
        print(String(format: "time: features %.1f s (%.1f ms/image)", f.seconds, 1000 * f.seconds / Double(n)))
    }
}
