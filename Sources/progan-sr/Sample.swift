// progan-sr sample: PNGs (and a grid) from a stage-one run's G_ema.

import ArgumentParser
import Foundation
import Imaging
import ProGAN

struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write images sampled from a stage-one run or checkpoint (its averaged generator).")

    @Argument(help: "Run folder (its newest checkpoint) or a checkpoint file.") var checkpoint: String
    @Option(help: "Number of images.") var count = 64
    @Option(help: "Output folder.") var out = "samples-out"
    @Option(help: "Random seed of the latents (same seed, same images).") var seed: UInt64 = 1
    @Option(help: "Resolution (default: the run's target).") var resolution: Int?
    @Flag(help: "Also write grid.png with all images.") var grid = false

    func validate() throws {
        try ArgumentChecks.atLeast(count, 1, "--count")
        if let resolution { try ArgumentChecks.atLeast(resolution, 4, "--resolution") }
        try ArgumentChecks.outputFolder(out)
    }

    func run() throws {
        let sampler = try ProGANSampler(checkpointOrRun: URL(fileURLWithPath: checkpoint), resolution: resolution)
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let images = Image.images(from: sampler.sample(count: count, seed: seed), range: .minusOneToOne)
        for (i, image) in images.enumerated() {
            try image.save(to: folder.appendingPathComponent(String(format: "sample-%05d.png", i)).path)
        }
        if grid {
            let columns = Int(Double(count).squareRoot().rounded(.up))
            try ImageGrid.grid(images, columns: columns).save(to: folder.appendingPathComponent("grid.png").path)
        }
        print("\(count) images of \(sampler.resolution) px in \(out)\(grid ? " (and grid.png)" : "")")
    }
}
