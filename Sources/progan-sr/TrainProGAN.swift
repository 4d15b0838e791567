// progan-sr train-progan: stage one — a (depthwise-separable) ProGAN trained up to --target-res.

import ArgumentParser
import Foundation
import Imaging
import NN
import ProGAN

struct TrainProGAN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-progan",
        abstract: "Stage one: train a depthwise-separable Progressive GAN up to a low resolution.",
        discussion: """
        Settings come from --preset (Stages/stage1-demo.json by default: the embedded emoji to 32 px in a few \
        minutes; stage1-cpu: about an hour on 2 cores; stage1-paper: the official values); any flag below overrides \
        the preset. The run folder gets checkpoints, sample grids, log.jsonl and swd.jsonl. Ctrl-C writes a \
        checkpoint and stops; --resume RUN continues bit-exactly.
        """)

    @Option(help: "Prepared data set (progan-sr prepare); default: the embedded emoji, prepared into RUN/data.")
    var data: String?
    @Option(help: "Run folder (new).") var out = "runs/stage1"
    @Option(help: "Continue the run in this folder from its newest checkpoint.") var resume: String?
    @Option(help: "Preset: a name in Stages/ or a JSON file.") var preset = "stage1-demo"

    @Option(help: "Stop after this resolution (8…128).") var targetRes: Int?
    @Option(help: "Separable 3x3 convolutions in: none, g, d, both.") var separable: SeparableMode?
    @Option(help: "Latent size.") var latent: Int?
    @Option(help: "fmap_base.") var fmapBase: Int?
    @Option(help: "fmap_max.") var fmapMax: Int?
    @Option(help: "Images per fade-in phase.") var fadeInImages: Int?
    @Option(help: "Images per stabilise phase.") var stabilizeImages: Int?
    @Option(help: "Minibatch size at every resolution not listed in the preset.") var batch: Int?
    @Option(help: "Adam learning rate.") var lr: Float?
    @Option(help: "G_ema half-life in images.") var emaHalfLife: Int?
    @Option(help: "Checkpoint every this many images.") var checkpointEvery: Int?
    @Option(help: "Real images for SWD at the end of each resolution (0: none).") var swdImages: Int?
    @Option(help: "Random seed.") var seed: UInt64?

    /// The preset with the flags given over it.
    func config() throws -> ProGANConfig {
        var c = try ProGANConfig.load(try Presets.url(preset))
        if let targetRes { c.targetResolution = targetRes }
        if let separable { c.separable = separable }
        if let latent { c.latentSize = latent }
        if let fmapBase { c.fmapBase = fmapBase }
        if let fmapMax { c.fmapMax = fmapMax }
        if let fadeInImages { c.fadeInImages = fadeInImages }
        if let stabilizeImages { c.stabilizeImages = stabilizeImages }
        if let batch { c.minibatchDefault = batch }
        if let lr { c.learningRate = lr }
        if let emaHalfLife { c.emaHalfLifeImages = emaHalfLife }
        if let checkpointEvery { c.checkpointEveryImages = checkpointEvery }
        if let swdImages { c.swdImages = swdImages }
        if let seed { c.seed = seed }
        try c.validate()
        return c
    }

    /// The settings the flags given set (setting → flag), so that a value out of range names its flag.
    var givenFlags: [String: String] {
        let all: [(String, Bool, String)] = [
            ("targetResolution", targetRes != nil, "--target-res"), ("latentSize", latent != nil, "--latent"),
            ("fmapBase", fmapBase != nil, "--fmap-base"), ("fmapMax", fmapMax != nil, "--fmap-max"),
            ("fadeInImages", fadeInImages != nil, "--fade-in-images"), ("stabilizeImages", stabilizeImages != nil, "--stabilize-images"),
            ("minibatch", batch != nil, "--batch"), ("learningRate", lr != nil, "--lr"),
            ("emaHalfLifeImages", emaHalfLife != nil, "--ema-half-life"), ("checkpointEveryImages", checkpointEvery != nil, "--checkpoint-every"),
            ("swdImages", swdImages != nil, "--swd-images")]
        return Dictionary(uniqueKeysWithValues: all.filter(\.1).map { ($0.0, $0.2) })
    }

    /// Every flag and the data set, before anything is prepared or trained (a resumed run is checked by
    /// ProGANTrainer.resume against its own folder).
    func validate() throws {
        guard resume == nil else { return }
        let c: ProGANConfig
        do { c = try config() } catch ProGANError.invalidConfig(let field, let reason) {
            let error = ProGANError.invalidConfig(field: field, reason: reason)
            throw ArgumentChecks.flagError(error, field: field, given: givenFlags) ?? error
        }
        try ArgumentChecks.outputFolder(out)
        if let data {
            let dataset = try Dataset(folder: URL(fileURLWithPath: data, isDirectory: true))
            try dataset.check(resolution: c.targetResolution)
        }
    }

    func run() throws {
        StopRequest.install()
        let trainer: ProGANTrainer
        if let resume {
            let folder = URL(fileURLWithPath: resume, isDirectory: true)
            let config = try ProGANConfig.load(folder.appendingPathComponent("config.json"))
            trainer = try ProGANTrainer.resume(folder: folder, dataset: try dataset(for: config, run: folder))
            print("resuming \(resume) at \(trainer.imagesShown) images")
        } else {
            let c = try config()
            let folder = URL(fileURLWithPath: out, isDirectory: true)
            trainer = try ProGANTrainer(config: c, dataset: try dataset(for: c, run: folder), folder: folder)
            print("stage one: \(c.resolutions.map(String.init).joined(separator: " → ")) px, separable \(c.separable.rawValue), "
                  + "\(ProgressiveSchedule(c).totalImages) images; run folder \(out)")
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

    /// The data set named by --data, or the embedded emoji prepared into RUN/data at the target resolution.
    func dataset(for c: ProGANConfig, run: URL) throws -> Dataset {
        if let data { return try Dataset(folder: URL(fileURLWithPath: data, isDirectory: true)) }
        let prepared = run.appendingPathComponent("data", isDirectory: true)
        if !FileManager.default.fileExists(atPath: prepared.path) {
            try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
            var options = DatasetOptions()
            options.resolution = max(c.targetResolution, 4)
            let progress = ProgressLine("preparing the embedded emoji")
            try DatasetBuilder.prepare(source: EmbeddedSamples.folder, output: prepared, options: options) { progress.update($0, of: $1) }
        }
        return try Dataset(folder: prepared)
    }
}
