// progan-sr eval swd: ProGAN's sliced Wasserstein distance between two folders of images.

import ArgumentParser
import Foundation
import Metrics

struct EvalSWD: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "swd",
        abstract: "SWD x1e3 per Laplacian level and average (official ProGAN protocol: 16384 vs 16384 images).")

    @Option(help: "Real images: a folder, or a prepared data set.") var real: String
    @Option(help: "Generated (or degraded) images: a folder, a data set, or a stage-one run/checkpoint (sampled).") var fake: String
    @Option(help: "Images per set (a seeded random subset of a larger folder or data set).") var count = 16384
    @Option(help: "Resize both sets to this square size first (default: the images' own size).") var resolution: Int?
    @Option(help: "Seed for patch centres and directions.") var seed: UInt64 = 1
    @Option(help: "JSON report path.") var report = "swd.json"

    func run() throws {
        let sets = try [real, fake].map { folder -> ImageBatch in
            let batch = try ImageSet.load(folder, count: count, side: resolution)
            guard batch.height >= 16 && batch.width >= 16 else {
                throw MetricsError.tooSmall(what: "SWD set \(folder)", height: batch.height, width: batch.width, minimum: 16)
            }
            return batch
        }
        let start = Date()
        let r = try SWD.distance(sets[0], sets[1], seed: seed)
        let seconds = Date().timeIntervalSince(start)
        print("SWD x1e3, \(r.images) vs \(r.images) images (\(String(format: "%.2f", seconds)) s)")
        print("level     SWDx1e3")
        for (res, v) in zip(r.resolutions, r.perLevel) { print(String(format: "%-8d %9.3f", res, v)) }
        print("avg     " + String(format: " %9.3f", r.average))
        try Eval.writeReport(r, to: report)
    }
}
