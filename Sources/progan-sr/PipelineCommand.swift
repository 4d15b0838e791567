// progan-sr pipeline: stage one's samples → bicubic to stage two's input → SRGAN 4x, with the
// bicubic baseline, a contact sheet, report.json and the table below.

import ArgumentParser
import Foundation
import Imaging
import Pipeline

struct PipelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Sample stage one, resample with libvips bicubic, upscale 4x with stage two; report time, quality and cost.")

    @Option(help: "Stage one: run folder or checkpoint.") var stage1: String
    @Option(help: "Stage two: run folder or 4x SRResNet weights (safetensors).") var stage2: String
    @Option(help: "Number of images (and images per set in the quality table).") var count = 256
    @Option(help: "Output folder.") var out = "runs/pipeline"
    @Option(help: "Seed of stage one's latents.") var seed: UInt64 = 1
    @Option(help: "Stage two's input size (default: stage one's resolution).") var inputSize: Int?
    @Option(help: "Resampling kernel for the resize to the input size and the 4x baseline.") var kernel = "cubic"
    @Option(help: "Real images to compare with: a prepared data set or a folder (default: the embedded emoji); 2 × count of them, a seeded random subset in two disjoint halves.") var real: String?
    @Option(help: "Seed of the reals' random subset and halves.") var realSeed: UInt64 = 1
    @Option(help: "A two-stage study's study.json (progan-sr study two-stage): its measured times are printed beside the cost estimate.") var study: String?
    @Option(help: "Random pairs for the MS-SSIM diversity of each set.") var msssimPairs = 1_000
    @Option(help: "Upscaler tile size (px); grown to twice the default overlap when smaller.") var tile = 128
    @Option(help: "Upscaler tile overlap (px) (default: twice the model's receptive radius + 8, which makes tiled output equal the whole image's).")
    var overlap: Int?
    @Flag(help: "Skip the cost report (it times a few ProGAN steps at each missing resolution).") var noCost = false
    @Option(help: ArgumentHelp("pytorch-fid's Inception-v3 weights (safetensors; default: $PROGANSR_INCEPTION when set): each quality row gains FID and IS.",
                               discussion: "README.md, \"FID, KID and Inception Score\", shows how to write the file."))
    var inception: String?

    /// The flags as the library's options.
    func options() throws -> PipelineOptions {
        var o = PipelineOptions(stage1: URL(fileURLWithPath: stage1), stage2: URL(fileURLWithPath: stage2),
                                out: URL(fileURLWithPath: out, isDirectory: true))
        o.count = count
        o.seed = seed
        o.inputSize = inputSize
        do { o.kernel = try ResizeKernel(name: kernel) } catch { throw ValidationError("--kernel: \(error)") }
        o.real = real.map { URL(fileURLWithPath: $0, isDirectory: true) }
        o.realSeed = realSeed
        o.study = study.map { URL(fileURLWithPath: $0) }
        o.msssimPairs = msssimPairs
        o.tile = tile
        o.overlap = overlap
        o.costReport = !noCost
        let environment = ProcessInfo.processInfo.environment["PROGANSR_INCEPTION"].flatMap { $0.isEmpty ? nil : $0 }
        o.inception = (inception ?? environment).map { URL(fileURLWithPath: $0) }
        return o
    }

    func validate() throws {
        // Settings out of range are usage errors (64); the stages and the real set are checked by Pipeline.run
        // before it does any work (typed errors, exit 1).
        let o = try options()
        do { try o.validate() } catch { throw ValidationError("\(error)") }
        try ArgumentChecks.outputFolder(out)
    }

    func run() throws {
        let o = try options()
        var lines: [String: ProgressLine] = [:]
        let report = try Pipeline.run(o) { what, done, total in
            let line = lines[what] ?? ProgressLine(what, unit: "steps")
            lines[what] = line
            line.update(done, of: total)
        }
        print(report.table())
        print("\ncontact sheet: \(report.contactSheet)\nreport: \(out)/report.json (and report.txt); images: \(report.imagesFolder)")
    }
}
