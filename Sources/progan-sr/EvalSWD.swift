// progan-sr eval swd: ProGAN's sliced Wasserstein distance between two folders of images.

import ArgumentParser
import Foundation
import Metrics

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
    @Option(help: "Seed for patch centres and directions.") var seed: UInt64 = 1
    @Option(help: "JSON report path.") var report = "swd.json"

    func validate() throws {
        if let count { try ArgumentChecks.atLeast(count, 1, "--count") }
        if let resolution { try ArgumentChecks.atLeast(resolution, SWD.minimumResolution, "--resolution") }
        try ArgumentChecks.outputFile(report, "--report")
    }

    func run() throws {
        let sets = try [real, fake].map { try ImageSet.inspect($0, side: resolution) }
        for set in sets {
            if let side = set.side, side < SWD.minimumResolution {
                throw MetricsError.tooSmall(what: "SWD set \(set.path)", height: side, width: side, minimum: SWD.minimumResolution)
            }
        }
        let (n, note) = try ImageSet.count(asked: count, preferred: Self.protocolCount, sets: sets)
        if let note { print(note) }
        let batches = try sets.map { set -> ImageBatch in
            let batch = try set.load(count: n)
            guard batch.height >= SWD.minimumResolution && batch.width >= SWD.minimumResolution else {
                throw MetricsError.tooSmall(what: "SWD set \(set.path)", height: batch.height, width: batch.width, minimum: SWD.minimumResolution)
            }
            return batch
        }
        let start = Date()
        let r = try SWD.distance(batches[0], batches[1], seed: seed)
        let seconds = Date().timeIntervalSince(start)
        print("SWD x1e3, \(r.images) vs \(r.images) images (\(String(format: "%.2f", seconds)) s)")
        print("level     SWDx1e3")
        for (res, v) in zip(r.resolutions, r.perLevel) { print(String(format: "%-8d %9.3f", res, v)) }
        print("avg     " + String(format: " %9.3f", r.average))
        try Eval.writeReport(r, to: report)
    }
}
