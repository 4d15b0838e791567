// progan-sr bench inception: the forward pass of pytorch-fid's Inception-v3 at batch 50 on 299x299 images, time
// per image (Bench/InceptionBenchmark), with a JSON line shaped like bench/inception_torch.py's.

import ArgumentParser
import Bench
import Foundation
import Inception

struct BenchInception: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inception",
        abstract: "Inception-v3 (pytorch-fid's FID network) forward, batch 50 at 299x299: seconds per batch and ms per image.",
        discussion: "Peer: python bench/inception_torch.py (pytorch-fid's own network, same batch and size, 2 threads).")

    @Option(help: "Timed runs (the median is reported), after one warm-up run.") var reps = 3
    @Option(help: "Images per batch.") var batch = InceptionV3.defaultBatchSize
    @Option(help: "Image side (299: no resize; another size adds pytorch-fid's bilinear resize to 299).") var side = InceptionV3.inputSize
    @Option(help: "Time this weights file instead of random weights (the speed does not depend on them).") var inception: String?

    func validate() throws {
        try ArgumentChecks.atLeast(reps, 1, "--reps")
        try ArgumentChecks.atLeast(batch, 1, "--batch")
        try ArgumentChecks.atLeast(side, 1, "--side")
    }

    func run() throws {
        let model = try inception.map { try InceptionV3(contentsOf: URL(fileURLWithPath: $0)) } ?? InceptionBenchmark.randomModel()
        let r = InceptionBenchmark.run(model: model, batch: batch, side: side, reps: reps)
        print("case                               s/batch    ms/image    images/s")
        let name = "inception-v3 fid \(side)x\(side) batch \(batch)"
        print(String(format: "%-32@ %10.3f %11.2f %11.2f", name as NSString, r.seconds, r.millisecondsPerImage, r.imagesPerSecond))
        print(jsonLine(["op": name, "ms": (r.seconds * 1e6).rounded() / 1000, "ms_per_image": (r.millisecondsPerImage * 100).rounded() / 100,
                        "img_s": (r.imagesPerSecond * 100).rounded() / 100, "batch": batch, "input": side]))
    }
}
