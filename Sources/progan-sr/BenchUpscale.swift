// progan-sr bench upscale: SRResNet ×4 inference in images per second (SRGAN/UpscaleBenchmark), with one
// JSON line per case shaped like bench/srresnet_torch.py's, so the two can be put side by side.

import ArgumentParser
import Bench
import Foundation
import SRGAN

struct BenchUpscale: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upscale",
        abstract: "SRResNet x4 inference (16 blocks x 64 channels) on 32->128 and 64->256 at batch 1 and 16, images/s.",
        discussion: "Peer: python3 bench/srresnet_torch.py (same model, same cases, 2 threads).")

    @Option(help: "Timed runs per case (the median is reported), after one warm-up run.")
    var reps = 3

    @Option(help: "Residual blocks.") var blocks = 16
    @Option(help: "Channels.") var channels = 64

    func validate() throws {
        try ArgumentChecks.atLeast(reps, 1, "--reps")
        try ArgumentChecks.atLeast(blocks, 1, "--blocks")
        try ArgumentChecks.atLeast(channels, 1, "--channels")
    }

    func run() throws {
        print("case                                   s/batch    images/s")
        let results = UpscaleBenchmark.run(blocks: blocks, channels: channels, reps: reps) { r in
            print(String(format: "%-36@ %10.3f %11.2f", r.name as NSString, r.seconds, r.imagesPerSecond))
        }
        for r in results {
            print(jsonLine(["op": r.name, "ms": (r.seconds * 1e6).rounded() / 1000, "img_s": (r.imagesPerSecond * 100).rounded() / 100,
                            "batch": r.batch, "input": r.inputSide]))
        }
    }
}
