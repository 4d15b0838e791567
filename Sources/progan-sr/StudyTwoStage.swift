// progan-sr study two-stage: (a) stage one to R + stage two R → 4R against (b) ProGAN trained all the way to 4R
// with the same schedule, timed, and measured at 4R against random disjoint halves of the reals (Pipeline's
// TwoStageStudy). Writes OUT/study.json, study.txt, swd-vs-seconds.png and contact-sheet.png.

import ArgumentParser
import Foundation
import Pipeline
import ProGAN
import Runs
import SRGAN

struct StudyTwoStage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "two-stage",
        abstract: "How much the two-stage pipeline saves: stage one + stage two against ProGAN trained to 4R, timed and measured.",
        discussion: """
        Trains three runs under OUT (stage1, stage2, full), each an ordinary run folder: Ctrl-C or a kill stops the \
        study, and the same command continues it. With the demo presets on the embedded emoji (R = 32, 4R = 128) it \
        takes about 40 minutes on 2 cores; ProGAN all the way is most of it.
        """)

    @Option(help: "Stage one's preset (its targetResolution is R; ProGAN all the way continues its schedule to 4R).")
    var stage1Preset = "stage1-demo"
    @Option(help: "Stage two's preset (a 4x model).") var stage2Preset = "stage2-demo"
    @Option(help: "Prepared data set with a level at 4R (default: the embedded emoji, prepared into OUT/data).") var data: String?
    @Option(help: "VGG19 weights for stage two's perceptual loss (default: $PROGANSR_VGG19, else the preset's content loss).") var vgg19: String?
    @Option(help: "Study folder.") var out = "runs/study"
    @Option(help: "Images per set for SWD and MS-SSIM (the reals read are twice as many, in two halves).") var count = 512
    @Option(help: "Seed of the reals' subset and of the samples' latents.") var seed: UInt64 = 1
    @Option(help: "Random pairs for the MS-SSIM diversity of each set.") var msssimPairs = 1_000
    @Option(help: ArgumentHelp("pytorch-fid's Inception-v3 weights (safetensors; default: $PROGANSR_INCEPTION when set): the table gains FID and IS.",
                               discussion: "README.md, \"FID, KID and Inception Score\", shows how to write the file."))
    var inception: String?

    func options() throws -> TwoStageStudyOptions {
        var o = TwoStageStudyOptions(stageOne: try ProGANConfig.load(Presets.url(stage1Preset)),
                                     stageTwo: try SRGANConfig.load(Presets.url(stage2Preset)),
                                     out: URL(fileURLWithPath: out, isDirectory: true))
        o.data = data.map { URL(fileURLWithPath: $0, isDirectory: true) }
        let vggPath = vgg19 ?? ProcessInfo.processInfo.environment["PROGANSR_VGG19"].flatMap { $0.isEmpty ? nil : $0 }
        o.vgg19 = vggPath.map { URL(fileURLWithPath: $0) }
        o.count = count
        o.seed = seed
        o.msssimPairs = msssimPairs
        let inceptionPath = inception ?? ProcessInfo.processInfo.environment["PROGANSR_INCEPTION"].flatMap { $0.isEmpty ? nil : $0 }
        o.inception = inceptionPath.map { URL(fileURLWithPath: $0) }
        o.command = RunFlags.commandLine("study two-stage")
        return o
    }

    func validate() throws {
        try ArgumentChecks.atLeast(count, 2, "--count")
        try ArgumentChecks.atLeast(msssimPairs, 1, "--msssim-pairs")
        let o = try options()
        do { try o.validate() } catch { throw ValidationError("\(error)") }
        if let vgg = o.vgg19, !FileManager.default.fileExists(atPath: vgg.path) { throw SRGANError.vgg19Missing(path: vgg.path) }
    }

    func run() throws {
        StopRequest.install()
        let lines = ProgressLines()
        let report = try TwoStageStudy.run(try options(), shouldStop: { StopRequest.isRequested }) { event in
            switch event {
            case .training(let what, let folder): print("\(what): \(folder.path)")
            case .progress(let what, let done, let total): lines.line(what, unit: what == "stage two" ? "steps" : "img").update(done, of: total)
            case .evaluating(let what, let done, let total): lines.line(what, unit: "sets").update(done, of: total)
            }
        }
        print(report.table())
        print("\nplot: \(report.chart)\ncontact sheet: \(report.contactSheet)\nreport: \(out)/study.json (and study.txt)")
    }
}
