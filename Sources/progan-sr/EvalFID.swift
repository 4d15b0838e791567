// progan-sr eval fid: the Fréchet Inception Distance between two sets of images, as pytorch-fid computes it
// (its Inception-v3 from the user's weights file, pool3 features, calculate_frechet_distance in double).

import ArgumentParser
import Foundation
import Inception
import Metrics
import Pipeline

struct EvalFID: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fid",
        abstract: "FID between two sets of images (pytorch-fid's Inception-v3 and formula; the convention is 50,000 images per set).")

    /// The usual set size (the convention since Heusel et al.); a smaller set is used whole.
    static let protocolCount = 50_000

    @OptionGroup var pair: RealFakeArguments
    @Option(help: "Images per set (default: 50000, or all of the smaller set when it has fewer; a seeded random subset of a larger one).")
    var count: Int?
    @Option(help: "Resize both sets to this square size first (default: the images' own size; Inception resizes to 299 either way).")
    var resolution: Int?
    @Option(help: "Seed for the subset of a larger set and a run's latents.") var seed: UInt64 = 1
    @OptionGroup var network: InceptionArguments

    struct Report: Encodable {
        let metric = "fid"
        let fid: Double
        let offsetAdded: Bool
        let real: SetFeatures.Summary
        let fake: SetFeatures.Summary
        let inception: String
        let distanceSeconds: Double
    }

    func validate() throws {
        if let count { try ArgumentChecks.atLeast(count, 2, "--count") }
        if let resolution { try ArgumentChecks.atLeast(resolution, 1, "--resolution") }
    }

    func run() throws {
        let (model, weights) = try network.loadModel()
        let sets = try pair.inspect(side: resolution)
        let (n, note) = try ImageSet.count(asked: count, preferred: Self.protocolCount, sets: sets)
        if let note { InceptionArguments.note(note) }
        if n < InceptionV3.featureCount {
            InceptionArguments.note("note: \(n) images per set, fewer than the 2048 features: the covariances are singular and FID is "
                                    + "biased upward; compare only FIDs made from the same number of images")
        }
        let a = try network.features(of: sets[0], count: n, seed: seed, model: model, label: "real")
        let b = try network.features(of: sets[1], count: n, seed: seed, model: model, label: "fake")
        let start = Date()
        let fid = try FrechetDistance.distance(a.features.pool3, b.features.pool3)
        let seconds = Date().timeIntervalSince(start)
        if fid.offsetAdded { InceptionArguments.note("the product of the covariances was singular: 1e-6·I added to both (pytorch-fid's fallback)") }
        if network.json {
            try InceptionArguments.printJSON(Report(fid: fid.value, offsetAdded: fid.offsetAdded, real: a.summary, fake: b.summary,
                                                   inception: weights, distanceSeconds: seconds))
            return
        }
        print("FID (pytorch-fid's Inception-v3, pool3 2048-d), \(n) vs \(n) images")
        print("set      images       size  path")
        print(a.row("real"))
        print(b.row("fake"))
        print(String(format: "FID    %12.4f", fid.value))
        print(String(format: "time: features %.1f s (%.1f ms/image), distance %.2f s", a.seconds + b.seconds,
                     1000 * (a.seconds + b.seconds) / Double(2 * n), seconds))
    }
}
