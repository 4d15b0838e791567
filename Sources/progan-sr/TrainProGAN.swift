// progan-sr train-progan: stage one — a (depthwise-separable) ProGAN trained up to --target-resolution.

import ArgumentParser
import Foundation
import Imaging
import ProGAN
import Runs

struct TrainProGAN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-progan",
        abstract: "Stage one: train a depthwise-separable Progressive GAN up to a low resolution.",
        discussion: """
        Settings come from --preset (Stages/stage1-demo.json by default: the embedded emoji to 32 px in a few \
        minutes; stage1-cpu: about an hour on 2 cores; stage1-paper: the official values); any flag below overrides \
        the preset. The run folder gets checkpoints, sample grids, log.jsonl and swd.jsonl. Ctrl-C writes a \
        checkpoint and stops; --resume RUN continues bit-exactly, with the run's own settings and data set (run.json \
        records the data set's path and fingerprint): a flag that would change the run is refused, listing each \
        difference, except --checkpoint-every-images and --swd-images.
        """)

    // --data: a prepared data set (progan-sr prepare); default the embedded emoji, prepared into RUN/data.
    @OptionGroup var runOptions: RunOptions

    // Flags are named as the config fields they set (a preset's JSON and --help read the same); the older short
    // spellings stay as aliases.
    @Option(name: [.long, .customLong("target-res")], help: "Stop after this resolution (8…128).") var targetResolution: Int?
    @Option(help: "Separable 3x3 convolutions in: none, g, d, both.") var separable: SeparableMode?
    @Option(name: [.long, .customLong("latent")], help: "Latent size.") var latentSize: Int?
    @Option(help: "fmap_base.") var fmapBase: Int?
    @Option(help: "fmap_max.") var fmapMax: Int?
    @Option(help: "Images per fade-in phase.") var fadeInImages: Int?
    @Option(help: "Images per stabilise phase.") var stabilizeImages: Int?
    @Option(help: "Images in the whole run (total_kimg): the last resolution trains on until then (0: the phases' end).")
    var totalImages: Int?
    @Option(name: [.long, .customLong("batch")], help: "Minibatch size at every resolution not listed in the preset.") var minibatchDefault: Int?
    @Option(name: [.long, .customLong("lr")], help: "Adam learning rate.") var learningRate: Float?
    @Option(name: [.long, .customLong("ema-half-life")], help: "G_ema half-life in images.") var emaHalfLifeImages: Int?
    @Option(name: [.long, .customLong("checkpoint-every")], help: "Checkpoint every this many images (may change on --resume).")
    var checkpointEveryImages: Int?
    @Option(help: "Real images for SWD at the end of each resolution (0: none; may change on --resume).") var swdImages: Int?
    @Option(help: "Random seed.") var seed: UInt64?

    /// `base` with every flag given applied (the flags name the config's fields).
    func applyingFlags(to base: ProGANConfig) -> ProGANConfig {
        var c = base
        if let targetResolution { c.targetResolution = targetResolution }
        if let separable { c.separable = separable }
        if let latentSize { c.latentSize = latentSize }
        if let fmapBase { c.fmapBase = fmapBase }
        if let fmapMax { c.fmapMax = fmapMax }
        if let fadeInImages { c.fadeInImages = fadeInImages }
        if let stabilizeImages { c.stabilizeImages = stabilizeImages }
        if let totalImages { c.totalImages = totalImages }
        if let minibatchDefault { c.minibatchDefault = minibatchDefault }
        if let learningRate { c.learningRate = learningRate }
        if let emaHalfLifeImages { c.emaHalfLifeImages = emaHalfLifeImages }
        if let checkpointEveryImages { c.checkpointEveryImages = checkpointEveryImages }
        if let swdImages { c.swdImages = swdImages }
        if let seed { c.seed = seed }
        return c
    }

    /// The preset with the flags given over it, checked.
    func config() throws -> ProGANConfig {
        let c = applyingFlags(to: try ProGANConfig.load(try runOptions.presetURL(default: "stage1-demo")))
        try c.validate()
        return c
    }

    /// The settings the flags given set (setting → flag), so that a value out of range names its flag.
    var givenFlags: [String: String] {
        let all: [(String, Bool, String)] = [
            ("targetResolution", targetResolution != nil, "--target-resolution (--target-res)"),
            ("latentSize", latentSize != nil, "--latent-size (--latent)"),
            ("fmapBase", fmapBase != nil, "--fmap-base"), ("fmapMax", fmapMax != nil, "--fmap-max"),
            ("fadeInImages", fadeInImages != nil, "--fade-in-images"), ("stabilizeImages", stabilizeImages != nil, "--stabilize-images"),
            ("totalImages", totalImages != nil, "--total-images"),
            ("minibatch", minibatchDefault != nil, "--minibatch-default (--batch)"), ("learningRate", learningRate != nil, "--learning-rate (--lr)"),
            ("emaHalfLifeImages", emaHalfLifeImages != nil, "--ema-half-life-images (--ema-half-life)"),
            ("checkpointEveryImages", checkpointEveryImages != nil, "--checkpoint-every-images (--checkpoint-every)"),
            ("swdImages", swdImages != nil, "--swd-images")]
        return Dictionary(uniqueKeysWithValues: all.filter(\.1).map { ($0.0, $0.2) })
    }

    /// Every flag and the data set, before anything is prepared or trained (a resumed run is checked by
    /// ProGANTrainer.resume against its own folder).
    func validate() throws {
        guard runOptions.resume == nil else { return }
        let c: ProGANConfig
        do { c = try config() } catch ProGANError.invalidConfig(let field, let reason) {
            let error = ProGANError.invalidConfig(field: field, reason: reason)
            throw ArgumentChecks.flagError(error, field: field, given: givenFlags) ?? error
        }
        try ArgumentChecks.outputFolder(runOptions.out ?? "runs/stage1")
        if let data = runOptions.data {
            let dataset = try Dataset(folder: URL(fileURLWithPath: data, isDirectory: true))
            try dataset.check(resolution: c.targetResolution)
        }
    }

    func run() throws {
        StopRequest.install()
        let command = RunFlags.commandLine("train-progan")
        let dataURL = runOptions.dataURL
        let trainer: ProGANTrainer
        if let folder = try runOptions.resumeFolder() {
            let base = try runOptions.preset.map { try ProGANConfig.load(Presets.url($0)) } ?? ProGANConfig.ofRun(folder)
            trainer = try RunFlags.resuming {
                try ProGANTrainer.resume(folder: folder, asked: applyingFlags(to: base), data: dataURL, command: command)
            }
            print("resuming \(folder.path) at \(trainer.imagesShown) images, on \(trainer.dataset.folder.path)")
        } else {
            let c = try config()
            let folder = runOptions.newFolder(default: "runs/stage1")
            let preparing = ProgressLine("preparing the embedded emoji")
            trainer = try ProGANTrainer.start(config: c, data: dataURL.map { .prepared($0) } ?? .embedded, folder: folder,
                                              command: command, preparing: { preparing.update($0, of: $1) })
            print("stage one: \(c.resolutions.map(String.init).joined(separator: " → ")) px, separable \(c.separable.rawValue), "
                  + "\(ProgressiveSchedule(c).totalImages) images; run folder \(folder.path)")
        }
        let progress = ProgressLine("stage one", unit: "img")
        let outcome = try trainer.train { r in
            let phase = r.phase == .fadeIn ? String(format: "fade-in α %.2f", r.alpha) : "stable"
            progress.update(r.imagesShown, of: r.totalImages, detail: String(format: "%dpx %@  D %.3f  G %.3f  GP %.3f",
                                                                            r.resolution, phase, r.losses.discriminator, r.losses.generator, r.losses.penalty))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        switch outcome {
        case .stoppedByUser: print("stopped; checkpoint written. Continue with: progan-sr train-progan --resume \(trainer.folder.path)")
        case .finished, .reachedLimit:
            let times = trainer.secondsPerResolution.sorted { $0.key < $1.key }
                .map { String(format: "%dpx %.0fs", $0.key, $0.value) }.joined(separator: ", ")
            print(String(format: "stage one done: %d images in %.0f s (%@). Samples: %@/grid-*.png", trainer.imagesShown,
                         trainer.trainingSeconds, times, trainer.folder.path))
        }
    }
}
