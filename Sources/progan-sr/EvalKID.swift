// progan-sr eval kid: the Kernel Inception Distance between two sets of images, as torch-fidelity computes it
// (pool3 features of pytorch-fid's Inception-v3; unbiased MMD² with the cubic kernel over random subsets drawn as
// numpy's RandomState(2020) draws them).

import ArgumentParser
import Foundation
import Inception
import Metrics
import Pipeline

struct EvalKID: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kid",
        abstract: "KID between two sets of images (torch-fidelity's: mean ± std of the unbiased MMD² over subsets).")

    @OptionGroup var pair: RealFakeArguments
    @Option(help: "Images per set (default: 50000, or all of the smaller set when it has fewer).") var count: Int?
    @Option(help: "Resize both sets to this square size first (default: the images' own size).") var resolution: Int?
    @Option(help: "Seed for the subset of a larger set and a run's latents (the KID subsets use torch-fidelity's seed, 2020).")
    var seed: UInt64 = 1
    @Option(help: "Subsets (torch-fidelity's kid_subsets).") var subsets = KernelInceptionDistance.defaultSubsets
    @Option(help: "Vectors per subset (torch-fidelity's kid_subset_size; lowered to the set size when larger).")
    var subsetSize = KernelInceptionDistance.defaultSubsetSize
    @OptionGroup var network: InceptionArguments

    struct Report: Encodable {
        let metric = "kid"
        let kidMean: Double
        let kidStd: Double
        let subsets: Int
        let subsetSize: Int
        let real: SetFeatures.Summary
        let fake: SetFeatures.Summary
        let inception: String
        let distanceSeconds: Double
    }

    func validate() throws {
        if let count { try ArgumentChecks.atLeast(count, 2, "--count") }
        if let resolution { try ArgumentChecks.atLeast(resolution, 1, "--resolution") }
        try ArgumentChecks.atLeast(subsets, 1, "--subsets")
        try ArgumentChecks.atLeast(subsetSize, 2, "--subset-size")
    }

    func run() throws {
        let (model, weights) = try network.loadModel()
        let sets = try pair.inspect(side: resolution)
        let (n, note) = try ImageSet.count(asked: count, preferred: EvalFID.protocolCount, sets: sets)
        if let note { InceptionArguments.note(note) }
        if n < subsetSize { InceptionArguments.note("subset size \(subsetSize) lowered to \(n), the images per set") }
        let a = try network.features(of: sets[0], count: n, seed: seed, model: model, label: "real")
        let b = try network.features(of: sets[1], count: n, seed: seed, model: model, label: "fake")
        let start = Date()
        let kid = try KernelInceptionDistance.distance(a.features.pool3, b.features.pool3, subsets: subsets, subsetSize: subsetSize)
        let seconds = Date().timeIntervalSince(start)
        if network.json {
            try InceptionArguments.printJSON(Report(kidMean: kid.mean, kidStd: kid.standardDeviation, subsets: subsets,
                                                   subsetSize: kid.subsetSize, real: a.summary, fake: b.summary,
                                                   inception: weights, distanceSeconds: seconds))
            return
        }
        print("KID (torch-fidelity's: \(subsets) subsets of \(kid.subsetSize), cubic kernel), \(n) vs \(n) images")
        print("set      images       size  path")
        print(a.row("real"))
        print(b.row("fake"))
        print(String(format: "KID    %.6f ± %.6f", kid.mean, kid.standardDeviation))
        print(String(format: "time: features %.1f s (%.1f ms/image), distance %.2f s", a.seconds + b.seconds,
                     1000 * (a.seconds + b.seconds) / Double(2 * n), seconds))
    }
}
