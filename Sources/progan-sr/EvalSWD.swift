// progan-sr eval swd: ProGAN's sliced Wasserstein distance between two folders of images.

import ArgumentParser
import Foundation
import Metrics
import Pipeline

struct EvalSWD: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "swd",
        abstract: "SWD x1e3 per Laplacian level and average (official ProGAN protocol: 16384 vs 16384 images).")

    /// The official protocol's set size; a smaller set is used whole.
    static let protocolCount = 16_384

    @Option(help: "Real images: a folder, or a prepared data set.") var real: String
    @Option(help: "Generated (or degraded) images: a folder, a data set, or a stage-one run/checkpoint (sampled).") var fake: String
    @Option(help: "Images per set (default: 16384, or all of the smaller set when it has fewer; a seeded random subset of a larger one).")
    var count: Int?
    @Option(help: "Resize both sets to this square size first (default: the images' own size; at least 16).") var resolution: Int?
    @Option(help: "Seed for patch centres and directions (and for the subset of a larger set, and a run's latents).") var seed: UInt64 = 1
    @Option(help: "Measure this many times, with seeds seed, seed+1, …, and report the mean ± standard deviation (the spread tells a difference from noise).")
    var repeats = 1
    @Option(help: "JSON report path.") var report = "swd.json"

    /// The JSON report: the mean over the repeats in SWDResult's fields, the spread and each repeat beside them.
    struct Report: Encodable {
        var resolutions: [Int]
        var perLevel: [Double]
        var average: Double
        var images: Int
        var repeats: Int
        var perLevelStd: [Double]?
        var averageStd: Double?
        var runs: [SWDResult]?
        var seeds: [UInt64]
    }

    func validate() throws {
        if let count { try ArgumentChecks.atLeast(count, 1, "--count") }
        try ArgumentChecks.atLeast(repeats, 1, "--repeats")
        if let resolution { try ArgumentChecks.atLeast(resolution, SWD.minimumResolution, "--resolution") }
        try ArgumentChecks.outputFile(report, "--report")
    }

    func run() throws {
        let sets = try [real, fake].map { try ImageSet.inspect($0, side: resolution) }
        for set in sets {
            if let side = set.knownSmallestSide, side < SWD.minimumResolution {
                throw MetricsError.tooSmall(what: "SWD set \(set.path)", height: side, width: side, minimum: SWD.minimumResolution)
            }
        }
        let (n, note) = try ImageSet.count(asked: count, preferred: Self.protocolCount, sets: sets)
        if let note { print(note) }
        // A set used whole is loaded once; a subset of a larger set, or a run's samples, again for each seed.
        var loaded: [Int: ImageBatch] = [:]
        func batch(_ i: Int, seed: UInt64) throws -> ImageBatch {
            let set = sets[i]
            if let available = set.available, available == n, let batch = loaded[i] { return batch }
            let batch = try set.loadShowingProgress(count: n, seed: seed)
            guard batch.height >= SWD.minimumResolution && batch.width >= SWD.minimumResolution else {
                throw MetricsError.tooSmall(what: "SWD set \(set.path)", height: batch.height, width: batch.width, minimum: SWD.minimumResolution)
            }
            if set.available == n { loaded[i] = batch }
            return batch
        }
        var runs: [SWDResult] = []
        var seconds = 0.0
        let seeds = (0..<repeats).map { seed &+ UInt64($0) }
        for s in seeds {
            let a = try batch(0, seed: s), b = try batch(1, seed: s)
            let start = Date()
            runs.append(try SWD.distance(a, b, seed: s))
            seconds += Date().timeIntervalSince(start)
        }
        let first = runs[0]
        // Mean ± sample std over the seeds (runs holds at least one).
        func mean(_ xs: [Double]) -> Double { meanAndSampleStandardDeviation(xs).mean }
        func std(_ xs: [Double]) -> Double { meanAndSampleStandardDeviation(xs).standardDeviation }
        let perLevel = first.resolutions.indices.map { l in runs.map { $0.perLevel[l] } }
        let averages = runs.map(\.average)
        print("SWD x1e3, \(first.images) vs \(first.images) images" + (repeats > 1 ? ", \(repeats) seeds from \(seed) (mean ± std)" : "")
              + " (\(String(format: "%.2f", seconds)) s)")
        print("level     SWDx1e3")
        func cell(_ xs: [Double]) -> String { repeats > 1 ? String(format: "%9.3f ± %.3f", mean(xs), std(xs)) : String(format: "%9.3f", xs[0]) }
        for (res, values) in zip(first.resolutions, perLevel) { print(String(format: "%-8d ", res) + cell(values)) }
        print("avg      " + cell(averages))
        let out = Report(resolutions: first.resolutions, perLevel: perLevel.map(mean), average: mean(averages), images: first.images,
                         repeats: repeats, perLevelStd: repeats > 1 ? perLevel.map(std) : nil, averageStd: repeats > 1 ? std(averages) : nil,
                         runs: repeats > 1 ? runs : nil, seeds: seeds)
        try Eval.writeReport(out, to: report)
    }
}
