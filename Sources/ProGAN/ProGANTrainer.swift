// ProGANTrainer: a stage-one run, from its folder.
//
//   RUN/config.json                  the settings (preset + flags)
//   RUN/checkpoint-<images>.safetensors   G, D, G_ema, both Adam states, RNG and schedule position (atomic)
//   RUN/log.jsonl                    one line per step: losses, penalty, img/s, the sum of step times
//                                    (training_seconds) and the training loop's wall time (wall_seconds)
//   RUN/grid-<res>px-<images>.png    samples of G_ema from a fixed latent, at each checkpoint
//   RUN/swd.jsonl                    SWD against the reals at the end of each resolution (≥ 16 px)
//   RUN/losses.png, training-time.png   the log as pictures, redrawn at each checkpoint
//
// A run resumes from its newest checkpoint bit-exactly: the random numbers, the data order, the
// optimiser moments and the averaged generator all continue as if never stopped.

import Foundation
import Imaging
import Metrics
import NN
import Runs
import SafeTensors
import Tensors

public final class ProGANTrainer {
    public let config: ProGANConfig
    public let folder: URL
    public let schedule: ProgressiveSchedule
    public let step: TrainingStep
    public let average: EMA
    public var generator: Generator { step.generator }
    public var discriminator: Discriminator { step.discriminator }
    /// The generator average (G_ema): what samples come from.
    public var averagedGenerator: Generator { average.average as! Generator }

    public let dataset: Dataset
    let checkpoints: CheckpointFiles
    let log: RunLog
    let swdLog: RunLog
    let lock: RunLock
    var rng: RNG
    /// Images shown so far (the schedule position).
    public private(set) var imagesShown = 0
    /// The first image of the schedule segment the optimiser moments belong to: they are reset at the start of
    /// every fade-in and every stabilise phase, as the official train.py (`reset_opt_for_new_lod`: whenever
    /// floor(lod) or ceil(lod) changes). −1 before the first step.
    var optimizerSegmentStart = -1
    /// The sum of the training steps' times, in total and per resolution (carried across resumes).
    public private(set) var trainingSeconds = 0.0
    public private(set) var secondsPerResolution: [Int: Double] = [:]
    /// Wall time of the training loop (steps, data, checkpoints, grids, SWD), carried across resumes from the
    /// checkpoint's; what a user waited for, where `trainingSeconds` is the sum of the step times alone.
    public private(set) var wallSeconds = 0.0
    private var wallMark: UInt64 = 0

    /// Starts a new run in `folder` on an open data set (see `start(config:data:folder:command:)`).
    public convenience init(config: ProGANConfig, dataset: Dataset, folder: URL) throws {
        try config.validate()
        try dataset.check(resolution: config.targetResolution)
        let lock = try RunLock.creatingFolder(folder).lock
        try Self.refuseExistingRun(folder)
        try Self.record(config: config, data: dataset.folder, folder: folder, command: [])
        try self.init(config: config, dataset: dataset, folder: folder, lock: lock)
    }

    /// Continues the run in `folder` on its recorded data set, checked against `dataset`'s fingerprint.
    public static func resume(folder: URL, dataset: Dataset) throws -> ProGANTrainer {
        try resume(folder: folder, data: dataset.folder).trainer
    }

    init(config: ProGANConfig, dataset: Dataset, folder: URL, lock: RunLock) throws {
        self.config = config
        self.folder = folder
        self.dataset = dataset
        schedule = ProgressiveSchedule(config)
        rng = RNG(seed: config.seed)
        let g = Generator(config, rng: &rng), d = Discriminator(config, rng: &rng)
        var spare = RNG(seed: config.seed ^ 0xA5A5)   // the average's initial weights are overwritten at once
        average = try EMA(average: Generator(config, rng: &spare), source: g, beta: 0)
        step = TrainingStep(config: config, generator: g, discriminator: d, average: average)
        checkpoints = CheckpointFiles(folder: folder)
        self.lock = lock
        log = try RunLog(url: folder.appendingPathComponent("log.jsonl"))
        swdLog = try RunLog(url: folder.appendingPathComponent("swd.jsonl"))
    }

    // MARK: Training

    public enum Outcome: Equatable { case finished, stoppedByUser, reachedLimit }

    /// What one step did, for the progress line.
    public struct StepReport {
        public let imagesShown, totalImages, resolution: Int
        public let phase: ProgressiveSchedule.Phase
        public let alpha: Float
        public let losses: StepLosses
        public let imagesPerSecond: Double
    }

    /// Trains until the schedule ends, `limit` images have been shown, or the user presses Ctrl-C
    /// (then a checkpoint is written). Throws on NaN/inf (no checkpoint is written after it).
    @discardableResult
    public func train(limit: Int? = nil, onStep: (StepReport) -> Void = { _ in }) throws -> Outcome {
        let ends = schedule.resolutionEnds()
        let end = min(limit ?? schedule.totalImages, schedule.totalImages)
        wallMark = DispatchTime.now().uptimeNanoseconds
        while imagesShown < end {
            if StopRequest.isRequested {
                try saveCheckpoint()
                return .stoppedByUser
            }
            guard let segment = schedule.segment(at: imagesShown) else { break }
            let r = segment.resolution
            if segment.start != optimizerSegmentStart {
                step.resetOptimizers()
                optimizerSegmentStart = segment.start
            }
            let alpha = schedule.alpha(at: imagesShown)
            let real = dataset.batch(resolution: r, size: segment.batch, rng: &rng, mirror: config.mirror).fadedReals(alpha: alpha)
            let started = DispatchTime.now().uptimeNanoseconds
            let losses: StepLosses
            do { losses = try step.run(real: real, alpha: alpha, rng: &rng) } catch let bad as NonFiniteValue {
                throw ProGANError.nonFinite(what: bad.what, step: imagesShown / max(segment.batch, 1) + 1, resolution: r,
                                            lastCheckpoint: checkpoints.latest?.path)
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            let before = imagesShown
            imagesShown += segment.batch
            trainingSeconds += seconds
            secondsPerResolution[r, default: 0] += seconds
            tickWallClock()
            try log.append(["images": imagesShown, "resolution": r, "phase": segment.phase.rawValue, "alpha": alpha,
                        "loss_d": losses.discriminator, "loss_g": losses.generator, "wasserstein": losses.wasserstein,
                        "gradient_penalty": losses.penalty, "step_seconds": seconds, "images_per_second": Double(segment.batch) / seconds,
                        "training_seconds": trainingSeconds, "wall_seconds": wallSeconds])
            onStep(StepReport(imagesShown: imagesShown, totalImages: schedule.totalImages, resolution: r, phase: segment.phase,
                              alpha: alpha, losses: losses, imagesPerSecond: Double(segment.batch) / seconds))

            let resolutionDone = imagesShown >= ends[r]! && before < ends[r]!
            let every = max(config.checkpointEveryImages, 1)
            if resolutionDone || imagesShown / every > before / every || imagesShown >= end {
                try saveCheckpoint()
            }
            if resolutionDone { try evaluateResolution(r) }
        }
        tickWallClock()   // the last checkpoint and evaluation, in this run's figure (the log's stops before them)
        return imagesShown >= schedule.totalImages ? .finished : .reachedLimit
    }

    /// Adds the wall time since the last tick (or the start of `train`) to `wallSeconds`.
    private func tickWallClock() {
        let now = DispatchTime.now().uptimeNanoseconds
        if wallMark > 0 { wallSeconds += Double(now - wallMark) / 1e9 }
        wallMark = now
    }

    // MARK: Checkpoints

    /// Writes a checkpoint (atomically), a sample grid beside it, and prunes old checkpoints.
    @discardableResult
    public func saveCheckpoint() throws -> URL {
        tickWallClock()
        let url = checkpoints.url(forImagesShown: imagesShown)
        let perResolution = String(decoding: try JSONEncoder().encode(secondsPerResolution.mapKeys(String.init)), as: UTF8.self)
        let metadata = CheckpointMetadata(stage: RunFolder.stageOne, config: config.json(), rng: rng.stateWords, wallSeconds: wallSeconds,
                                          fields: ["images_shown": String(imagesShown), "optimizer_segment_start": String(optimizerSegmentStart),
                                                   "training_seconds": String(trainingSeconds), "seconds_per_resolution": perResolution])
        try Checkpoint.save(to: url, modules: ["generator": generator, "discriminator": discriminator, "generator_ema": averagedGenerator],
                            optimizers: ["adam_g": step.adamG, "adam_d": step.adamD], metadata: metadata.header)
        checkpoints.prune(keep: config.keepCheckpoints)
        try writeGrid()
        try RunCharts.write(folder: folder, schedule: schedule)
        return url
    }

    /// Restores weights, optimiser states, the random numbers and the schedule position from a checkpoint.
    func restore(from url: URL) throws {
        let meta = try Checkpoint.load(from: url, modules: ["generator": generator, "discriminator": discriminator,
                                                             "generator_ema": averagedGenerator],
                                       optimizers: ["adam_g": step.adamG, "adam_d": step.adamD])
        let checkpoint: CheckpointMetadata
        do {
            checkpoint = try CheckpointMetadata(header: meta, stage: RunFolder.stageOne, path: url.path)
            imagesShown = try checkpoint.integer("images_shown", path: url.path)
            // Checkpoints written before moments were reset per phase name a resolution instead: the moments
            // belong to the segment the run was in.
            if checkpoint.fields["optimizer_segment_start"] != nil {
                optimizerSegmentStart = try checkpoint.integer("optimizer_segment_start", path: url.path)
            } else {
                _ = try checkpoint.integer("optimizer_resolution", path: url.path)
                optimizerSegmentStart = schedule.segment(at: max(imagesShown - 1, 0))?.start ?? -1
            }
        } catch RunFolderError.foreignCheckpoint(_, let reason) {
            throw ProGANError.notAStageOneCheckpoint(path: url.path, reason: reason)
        }
        rng = RNG(stateWords: checkpoint.rng)
        trainingSeconds = Double(checkpoint.fields["training_seconds"] ?? "") ?? 0
        wallSeconds = checkpoint.wallSeconds ?? trainingSeconds   // older checkpoints: the step times
        if let json = checkpoint.fields["seconds_per_resolution"], let d = try? JSONDecoder().decode([String: Double].self, from: Data(json.utf8)) {
            secondsPerResolution = Dictionary(uniqueKeysWithValues: d.compactMap { k, v in Int(k).map { ($0, v) } })
        }
    }

    // MARK: Pictures and quality

    /// The fixed latents the grids are drawn from (the same for the whole run).
    var gridLatents: Tensor {
        var r = RNG(seed: config.seed &+ 0x6772_6964)
        return Tensor.randomNormal([config.gridColumns * config.gridRows, config.latentSize], rng: &r)
    }

    /// The resolution and fade-in weight of the last step taken (at a resolution's end: that resolution).
    var currentResolution: (resolution: Int, alpha: Float) {
        let shown = min(max(imagesShown - 1, 0), schedule.totalImages - 1)
        return (schedule.segment(at: shown)!.resolution, schedule.alpha(at: shown))
    }

    func writeGrid() throws {
        let (r, alpha) = currentResolution
        let images = withoutGrad { averagedGenerator(gridLatents, resolution: r, alpha: alpha) }
        let grid = ImageGrid.grid(Image.images(from: images.clamped(min: -1, max: 1), range: .minusOneToOne).map { $0.enlarged(by: max(1, 64 / r)) },
                                  columns: config.gridColumns)
        try grid.save(to: folder.appendingPathComponent(String(format: "grid-%03dpx-%09d.png", r, imagesShown)).path)
    }

    /// SWD of G_ema's samples against the reals at the end of a resolution (levels down to 16 px).
    func evaluateResolution(_ r: Int) throws {
        guard config.swdImages > 0, r >= 16 else { return }
        let count = min(config.swdImages, dataset.count)
        let real = ProGANSampler.imageBatch(dataset.batch(resolution: r, size: count, rng: &rngForEvaluation, mirror: false))
        let fake = ProGANSampler.imageBatch(ProGANSampler(generator: averagedGenerator, resolution: r).sample(count: count, seed: 7))
        let swd = try SWD.distance(real, fake, seed: 1)
        try swdLog.append(["images": imagesShown, "resolution": r, "swd_x1e3_per_level": swd.perLevel, "swd_levels": swd.resolutions,
                    "swd_average": swd.average, "real_images": count])
    }

    /// Evaluation draws its own random numbers, so it never changes the training stream.
    private lazy var rngForEvaluation = RNG(seed: config.seed &+ 0x737764)
}

extension Dictionary {
    func mapKeys<K: Hashable>(_ f: (Key) -> K) -> [K: Value] { Dictionary<K, Value>(uniqueKeysWithValues: map { (f($0.key), $0.value) }) }
}
