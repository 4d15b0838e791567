// progan-sr train-srgan: stage two's training (SRGAN/SRGANRun) with a live progress line.

import ArgumentParser
import Foundation
import Imaging
import Runs
import SRGAN

extension ContentLoss: ExpressibleByArgument {}

struct TrainSRGAN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-srgan",
        abstract: "Train the SRGAN 4x upsampler: phase 1 SRResNet (pixel MSE), phase 2 SRGAN (content + adversarial).",
        discussion: """
        HR crops come from --data (a folder of images or a `prepare` data set; default: the embedded emoji at \
        128 px); LR crops are the HR images downsampled by the preset's kernel. Writes into --out: config.json, \
        log.jsonl, checkpoints, validation/step-N.png (LR | bicubic | SR | HR) and at the end generator.safetensors. \
        Ctrl-C stops after the current step with a checkpoint; --resume RUN continues exactly where it stopped, with \
        the run's own settings, images and VGG19 file (a flag that would change the run is refused, listing each difference).
        """)

    // --preset: stage2-demo (default), stage2-cpu, stage2-paper or a JSON file; --data: a folder of images or a
    // prepared data set (default: the embedded samples/noto-emoji-people); --resume also keeps the run's VGG19 file.
    @OptionGroup var runOptions: RunOptions

    @Option(help: "torchvision VGG19 weights as safetensors (features.N.weight|bias); default: $PROGANSR_VGG19.")
    var vgg19: String?

    @Option(help: "Perceptual term of phase 2: mse, vgg19 or d-features (default: vgg19 with weights, else d-features).")
    var contentLoss: ContentLoss?

    @Option(help: "Residual blocks (overrides the preset).") var blocks: Int?
    @Option(help: "Feature channels (overrides the preset).") var channels: Int?
    @Option(help: "Phase-1 steps (overrides the preset).") var phase1Steps: Int?
    @Option(help: "Phase-2 steps (overrides the preset).") var phase2Steps: Int?
    @Option(help: "Minibatch size (overrides the preset).") var batchSize: Int?
    @Option(help: "HR crop side, a multiple of 16 (overrides the preset).") var hrCrop: Int?
    @Option(help: "Seed (overrides the preset).") var seed: UInt64?

    /// `base` with every flag given applied (the flags name the config's fields).
    func applyingFlags(to base: SRGANConfig) -> SRGANConfig {
        var config = base
        if let blocks { config.blocks = blocks }
        if let channels { config.channels = channels }
        if let phase1Steps { config.phase1Steps = phase1Steps }
        if let phase2Steps { config.phase2Steps = phase2Steps }
        if let batchSize { config.batchSize = batchSize }
        if let hrCrop { config.hrCrop = hrCrop }
        if let seed { config.seed = seed }
        if let contentLoss { config.contentLoss = contentLoss }
        return config
    }

    /// The preset with the flags given over it, checked.
    func config() throws -> SRGANConfig {
        let config = applyingFlags(to: try SRGANConfig.load(runOptions.presetURL(default: "stage2-demo")))
        try config.validate()
        return config
    }

    /// The settings the flags given set (setting → flag), so that a value out of range names its flag.
    var givenFlags: [String: String] {
        let all: [(String, Bool, String)] = [
            ("blocks", blocks != nil, "--blocks"), ("channels", channels != nil, "--channels"),
            ("phase1Steps", phase1Steps != nil, "--phase1-steps"), ("phase2Steps", phase2Steps != nil, "--phase2-steps"),
            ("batchSize", batchSize != nil, "--batch-size"), ("hrCrop", hrCrop != nil, "--hr-crop")]
        return Dictionary(uniqueKeysWithValues: all.filter(\.1).map { ($0.0, $0.2) })
    }

    var vggPath: String? { vgg19 ?? ProcessInfo.processInfo.environment["PROGANSR_VGG19"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Every flag, before any image is decoded: the settings, the output folder, that --data and --vgg19 exist (a
    /// resumed run's settings are checked by SRGANRun.resume against its own folder).
    func validate() throws {
        if runOptions.resume == nil {
            do { _ = try config() } catch SRGANError.invalidConfig(let field, let reason) {
                let error = SRGANError.invalidConfig(field: field, reason: reason)
                throw ArgumentChecks.flagError(error, field: field, given: givenFlags) ?? error
            }
        }
        try ArgumentChecks.outputFolder(runOptions.out ?? "runs/srgan")
        if let data = runOptions.data {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: data, isDirectory: &isFolder), isFolder.boolValue else {
                throw SRGANError.unreadable(path: data, reason: "no such folder of images or data set (--data)")
            }
        }
        if let vggPath, !FileManager.default.fileExists(atPath: vggPath) { throw SRGANError.vgg19Missing(path: vggPath) }
    }

    func run() throws {
        let command = RunFlags.commandLine("train-srgan")
        let vggURL = vggPath.map { URL(fileURLWithPath: $0) }
        let dataURL = runOptions.dataURL
        let run: SRGANRun
        if let folder = try runOptions.resumeFolder() {
            let base = try runOptions.preset.map { try SRGANConfig.load(Presets.url($0)) } ?? SRGANConfig.ofRun(folder)
            run = try RunFlags.resuming {
                // The run's own VGG19 file unless --vgg19 names a moved copy ($PROGANSR_VGG19 does not apply).
                try SRGANRun.resume(folder: folder, asked: applyingFlags(to: base), data: dataURL, vgg19: vgg19.map { URL(fileURLWithPath: $0) },
                                    command: command, announce: { print($0) })
            }
        } else {
            run = try SRGANRun.start(config: try config(), data: dataURL ?? EmbeddedSamples.folder, vgg19: vggURL,
                                     folder: runOptions.newFolder(default: "runs/srgan"), command: command,
                                     announce: { print($0) })
        }
        let trainer = run.trainer, config = trainer.config
        print("SRResNet \(config.blocks) blocks × \(config.channels) channels (\(trainer.generator.parameterCount) parameters), " +
              "crops \(config.lrCrop)→\(config.hrCrop), batch \(config.batchSize); phase 1: \(config.phase1Steps) steps, " +
              "phase 2 (\(trainer.contentLoss.rawValue)): \(config.phase2Steps) steps" + (trainer.step > 0 ? "; resuming at step \(trainer.step)" : ""))
        let bicubic = trainer.validation.bicubicScores
        StopRequest.install()
        let progress = ProgressLine("train-srgan", unit: "steps")
        let result = try run.run(shouldStop: { StopRequest.isRequested }) { p in
            var detail = String(format: "phase %d  G %.4f", p.phase, p.losses.generator)
            if let d = p.losses.discriminator { detail += String(format: "  D %.4f", d) }
            progress.update(p.step, of: p.totalSteps, detail: detail)
        }
        if !result.finished { print("\nstopped at step \(result.step) with a checkpoint; continue with: progan-sr train-srgan --resume \(run.folder.path)") }
        print(String(format: "validation (%d held-out images, Y, border %d): SR PSNR %.2f dB SSIM %.4f | bicubic PSNR %.2f dB SSIM %.4f",
                     trainer.validation.lr.count, config.upscale, result.scores.psnrY, result.scores.ssimY, bicubic.psnrY, bicubic.ssimY))
        print("model: \(result.model.path)")
        if result.finished { print("comparison: \(run.folder.path)/comparison.png, scores: \(run.folder.path)/scores.json") }
    }
}
