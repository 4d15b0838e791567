// The two-stage study: does stopping ProGAN at a low resolution and upscaling with SRGAN save training time,
// and what does it cost in quality? The published pipeline (Karwande et al.) claims it but never trained the
// full ProGAN to compare. On one data set:
//   (a) stage one: ProGAN to R; stage two: SRGAN R → 4R; their samples chained (bicubic 4x beside);
//   (b) ProGAN trained progressively all the way to 4R, with stage one's schedule and network family
//       (ProGANConfig.continued(to:)).
// Each training's wall time is measured (the training loops' own, carried across resumes). Every set is
// measured at 4R against one random half of the reals, the other half giving the floor (RealReference);
// both ways are also measured at their checkpoints, for the curves of SWD against training seconds.
//
// Each training is an ordinary run folder under OUT (stage1, stage2, full): a study stopped by Ctrl-C or
// kill -9 continues where it was when run again with the same settings.

import Foundation
import Imaging
import Inception
import Metrics
import NN
import ProGAN
import Runs
import SafeTensors
import SRGAN
import Tensors

public struct TwoStageStudyOptions: Sendable {
    /// Stage one's settings (its target resolution is R) and stage two's (a 4x model).
    public var stageOne: ProGANConfig
    public var stageTwo: SRGANConfig
    /// A prepared data set with a level at 4R (nil: the embedded emoji, prepared into OUT/data).
    public var data: URL?
    public var vgg19: URL?
    public var out: URL
    /// Images per set for the metrics (the reals read are twice as many: two halves).
    public var count = 512
    public var seed: UInt64 = 1
    public var msssimPairs = 1_000
    /// The command line, recorded in the runs' run.json.
    public var command: [String] = []
    /// pytorch-fid's Inception-v3 weights (safetensors): with them, each row of the table also gets FID against the
    /// reference half and the Inception Score (nil: no such columns). Loaded before any training.
    public var inception: URL?

    public init(stageOne: ProGANConfig, stageTwo: SRGANConfig, out: URL) {
        self.stageOne = stageOne
        self.stageTwo = stageTwo
        self.out = out
    }

    public var outputResolution: Int { stageOne.targetResolution * stageTwo.upscale }

    /// The settings on their own, before any file is read or written; the error names the setting.
    public func validate() throws {
        try stageOne.validate()
        try stageTwo.validate()
        guard stageTwo.upscale == 4 else {
            throw PipelineError.invalidOption(option: "stage two's upscale", reason: "the study compares a 4x stage two, got \(stageTwo.upscale)x")
        }
        guard outputResolution <= 128 else {
            throw PipelineError.invalidOption(option: "stage one's targetResolution",
                                              reason: "ProGAN trains up to 128 px, so R may be at most 32 (4R = \(outputResolution))")
        }
        guard outputResolution >= Pipeline.minimumMetricResolution else {
            throw PipelineError.invalidOption(option: "stage one's targetResolution", reason: "4R must be at least 16 px for SWD")
        }
        guard count >= 2 else { throw PipelineError.invalidOption(option: "--count", reason: "must be at least 2, got \(count)") }
        guard msssimPairs >= 1 else { throw PipelineError.invalidOption(option: "--msssim-pairs", reason: "must be at least 1, got \(msssimPairs)") }
    }
}

public enum TwoStageStudy {
    public enum Event {
        /// A training started (or continued): its name and run folder.
        case training(String, URL)
        /// Training progress: done of total (images for ProGAN, steps for SRGAN).
        case progress(String, Int, Int)
        /// Evaluation progress.
        case evaluating(String, Int, Int)
    }

    /// Ctrl-C during a training: the run wrote a checkpoint; the same command continues.
    public struct Stopped: Error, CustomStringConvertible {
        public let run: URL
        public var description: String { "stopped; \(run.path) wrote a checkpoint. Run the same command again to continue the study." }
    }

    public static func run(_ o: TwoStageStudyOptions, shouldStop: @escaping () -> Bool = { false },
                           events: (Event) -> Void = { _ in }) throws -> TwoStageStudyReport {
        try o.validate()
        let inception = try o.inception.map { try InceptionV3(contentsOf: $0) }
        let R = o.stageOne.targetResolution, output = o.outputResolution
        try FileManager.default.createDirectory(at: o.out, withIntermediateDirectories: true)
        let data = try withoutActuallyEscaping(events) { events in
            try studyData(o.data, out: o.out, resolution: output) { events(.progress("preparing the embedded emoji", $0, $1)) }
        }
        // Curves need every checkpoint.
        var one = o.stageOne, two = o.stageTwo
        one.keepCheckpoints = 1_000
        two.keepCheckpoints = 1_000
        var full = o.stageOne.continued(to: output)
        full.keepCheckpoints = 1_000

        var loads: [String: [Double]] = [:]
        let stageOneFolder = o.out.appendingPathComponent("stage1", isDirectory: true)
        let stageTwoFolder = o.out.appendingPathComponent("stage2", isDirectory: true)
        let fullFolder = o.out.appendingPathComponent("full", isDirectory: true)
        events(.training("stage one: ProGAN to \(R) px", stageOneFolder))
        loads["stage one"] = [loadAverage()]
        var times = StudyTimes(file: o.out.appendingPathComponent("study-times.json"))
        let stageOneSeconds = try times.measure("stage one") {
            try trainProGAN(one, data: data, folder: stageOneFolder, command: o.command) { events(.progress("stage one", $0, $1)) }
        }
        loads["stage one"]!.append(loadAverage())
        events(.training("stage two: SRGAN \(R) → \(output) px", stageTwoFolder))
        loads["stage two"] = [loadAverage()]
        let stageTwoSeconds = try times.measure("stage two") {
            try trainSRGAN(two, data: data, vgg19: o.vgg19, folder: stageTwoFolder, command: o.command, shouldStop: shouldStop, events: events)
        }
        loads["stage two"]!.append(loadAverage())
        events(.training("ProGAN all the way to \(output) px", fullFolder))
        loads["full"] = [loadAverage()]
        let fullSeconds = try times.measure("full") {
            try trainProGAN(full, data: data, folder: fullFolder, command: o.command) { events(.progress("ProGAN to \(output) px", $0, $1)) }
        }
        loads["full"]!.append(loadAverage())

        // The sets, each measured at 4R against the reference half of the reals.
        let reals = try RealReference.load(data, pool: 2 * o.count, seed: o.seed, mirror: o.stageOne.mirror)
        let n = min(o.count, reals.count)
        guard n >= 2 else { throw PipelineError.tooFewRealImages(found: reals.available, needed: 4, path: data.path) }
        func atOutput(_ images: [Image]) throws -> [Image] {
            try images.map { $0.width == output ? $0 : try $0.resized(width: output, height: output, kernel: $0.width > output ? .box : .cubic) }
        }
        let reference = try atOutput(Array(reals.reference.prefix(n)))
        let other = try atOutput(Array(reals.other.prefix(n)))
        // With Inception weights, the reference half's features, for the FID of each row of the table (not of the curves).
        let referenceFeatures = try inception.map { try $0.features(of: ImageBatch(interleaved: reference.map(\.pixels), height: output, width: output)) }
        let fidAndIS = inception.flatMap { model in referenceFeatures.map { (model, $0) } }
        func row(_ method: String, _ images: [Image], seconds: Double?, withInception: Bool = true) throws -> TwoStageStudyReport.Row {
            let q = try Pipeline.row(method, images, against: reference, resolution: output, pairs: o.msssimPairs,
                                     inception: withInception ? fidAndIS : nil)
            var r = TwoStageStudyReport.Row(method: method, swdLevels: q.swdLevels, swdPerLevel: q.swdPerLevel, swdAverage: q.swdAverage ?? .nan,
                                            msssimDiversity: q.msssimDiversity, trainingSeconds: seconds)
            (r.fid, r.inceptionScore, r.inceptionScoreStd) = (q.fid, q.inceptionScore, q.inceptionScoreStd)
            return r
        }
        events(.evaluating("sampling and upscaling", 0, 1))
        let stageOne = try ProGANSampler(checkpointOrRun: stageOneFolder)
        let samples = Image.images(from: stageOne.sample(count: n, seed: o.seed), range: .minusOneToOne)
        let bicubic = try samples.map { try $0.resized(width: output, height: output, kernel: .cubic) }
        let stageTwoModel = try SRResNet.load(contentsOf: stageTwoFolder.appendingPathComponent(SRGANRun.generatorFile))
        let sr = try upscale(samples, with: stageTwoModel)
        let fullSamples = Image.images(from: try ProGANSampler(checkpointOrRun: fullFolder).sample(count: n, seed: o.seed), range: .minusOneToOne)
        events(.evaluating("sampling and upscaling", 1, 1))
        var rows: [TwoStageStudyReport.Row] = []
        let named: [(String, [Image], Double?)] = [
            ("real (the other half)", other, nil),
            ("ProGAN to \(R) px + bicubic 4x", bicubic, stageOneSeconds),
            ("ProGAN to \(R) px + SRGAN 4x", sr, stageOneSeconds + stageTwoSeconds),
            ("ProGAN to \(output) px", fullSamples, fullSeconds)]
        for (i, (method, images, seconds)) in named.enumerated() {
            events(.evaluating("SWD and MS-SSIM", i, named.count))
            rows.append(try row(method, images, seconds: seconds))
        }
        events(.evaluating("SWD and MS-SSIM", named.count, named.count))

        // The curves: SWD at 4R after each checkpoint of each way.
        var twoStageCurve = [TwoStageStudyReport.Point(seconds: stageOneSeconds, swdAverage: rows[1].swdAverage,
                                                       checkpoint: "stage one + bicubic 4x", resolution: R)]
        let stageTwoCheckpoints = CheckpointFiles(folder: stageTwoFolder).all()
        let fullCheckpoints = CheckpointFiles(folder: fullFolder).all()
        let total = stageTwoCheckpoints.count + fullCheckpoints.count
        var done = 0
        for url in stageTwoCheckpoints {
            events(.evaluating("curves: checkpoints", done, total))
            let images = try upscale(samples, with: SRResNet.load(contentsOf: url))
            let swd = try row("", images, seconds: nil, withInception: false).swdAverage
            twoStageCurve.append(.init(seconds: stageOneSeconds + (try checkpointWallSeconds(url)), swdAverage: swd,
                                       checkpoint: url.lastPathComponent, resolution: R))
            done += 1
        }
        var fullCurve: [TwoStageStudyReport.Point] = []
        let schedule = ProgressiveSchedule(full)
        for url in fullCheckpoints {
            events(.evaluating("curves: checkpoints", done, total))
            let (images, resolution) = try samplesAtCheckpoint(url, config: full, schedule: schedule, count: n, seed: o.seed)
            let swd = try row("", try atOutput(images), seconds: nil, withInception: false).swdAverage
            fullCurve.append(.init(seconds: try checkpointWallSeconds(url), swdAverage: swd, checkpoint: url.lastPathComponent, resolution: resolution))
            done += 1
        }
        events(.evaluating("curves: checkpoints", total, total))

        let chartURL = o.out.appendingPathComponent("swd-vs-seconds.png")
        try LineChart(title: "SWD ×1e3 at \(output) px against training wall time", xLabel: "training seconds", yLabel: "SWD ×1e3 (avg)",
                      series: [.init(name: "ProGAN to \(R) px + SRGAN 4x", points: twoStageCurve.map { ($0.seconds, $0.swdAverage) }),
                               .init(name: "ProGAN to \(output) px", points: fullCurve.map { ($0.seconds, $0.swdAverage) })])
            .savePNG(to: chartURL)
        var tiles: [(label: String, image: Image)] = []
        for i in 0..<min(6, n) { tiles.append(("real", other[i])) }
        for i in 0..<min(6, n) { tiles.append(("\(R) px + SRGAN 4x", sr[i])) }
        for i in 0..<min(6, n) { tiles.append(("ProGAN \(output) px", fullSamples[i])) }
        let sheetURL = o.out.appendingPathComponent("contact-sheet.png")
        try ImageGrid.contactSheet(tiles, columns: min(6, n)).save(to: sheetURL.path)

        let report = TwoStageStudyReport(
            date: ISO8601DateFormatter().string(from: Date()), data: data.path, stageOneResolution: R, outputResolution: output,
            images: n, realsAvailable: reals.available, realsMirrored: reals.mirrored, seed: o.seed,
            stageOneSeconds: stageOneSeconds, stageTwoSeconds: stageTwoSeconds, fullSeconds: fullSeconds,
            cpuSeconds: times.cpuSeconds, loadAverages: loads,
            rows: rows, twoStageCurve: twoStageCurve, fullCurve: fullCurve, chart: chartURL.path, contactSheet: sheetURL.path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: o.out.appendingPathComponent("study.json"), options: .atomic)
        try Data(report.table().utf8).write(to: o.out.appendingPathComponent("study.txt"), options: .atomic)
        return report
    }

    /// Trains (or continues, or finds finished) a ProGAN run; returns its training loop's wall time. `progress` gets
    /// (images shown, images in all) after each step. Every study's ProGAN runs go through here.
    static func trainProGAN(_ config: ProGANConfig, data: URL, folder: URL, command: [String],
                            progress: (Int, Int) -> Void) throws -> TrainingOutcome {
        let trainer = RunRecord.holdsRun(folder)
            ? try ProGANTrainer.resume(folder: folder, asked: config, data: data, command: command).trainer
            : try ProGANTrainer.start(config: config, data: .prepared(data), folder: folder, command: command)
        let before = trainer.imagesShown
        let outcome = try trainer.train { progress($0.imagesShown, $0.totalImages) }
        if outcome == .stoppedByUser { throw Stopped(run: folder) }
        return .init(wallSeconds: trainer.wallSeconds, trainedFromStart: before == 0, trainedNothing: trainer.imagesShown == before)
    }

    /// Trains (or continues) an SRGAN run to its end; returns its training loop's wall time.
    static func trainSRGAN(_ config: SRGANConfig, data: URL, vgg19: URL?, folder: URL, command: [String],
                           shouldStop: () -> Bool, events: (Event) -> Void) throws -> TrainingOutcome {
        let run = RunRecord.holdsRun(folder)
            ? try SRGANRun.resume(folder: folder, asked: config, data: data, vgg19: vgg19, command: command).run
            : try SRGANRun.start(config: config, data: data, vgg19: vgg19, folder: folder, command: command)
        let before = run.trainer.step
        let result = try run.run(shouldStop: shouldStop) { events(.progress("stage two", $0.step, $0.totalSteps)) }
        if !result.finished { throw Stopped(run: folder) }
        return .init(wallSeconds: run.trainer.wallSeconds, trainedFromStart: before == 0, trainedNothing: run.trainer.step == before)
    }

    /// The 4x model on `images` (whole images, one tile each).
    static func upscale(_ images: [Image], with model: SRResNet) throws -> [Image] {
        let upscaler = try Upscaler(model: model, tile: 1 << 20, overlap: 0, batch: 16)
        return Image.images(from: upscaler.upscale(Image.tensor(images, range: .zeroToOne)), range: .zeroToOne)
    }

    /// G_ema of a ProGAN checkpoint at the resolution and fade-in its schedule had reached.
    static func samplesAtCheckpoint(_ url: URL, config: ProGANConfig, schedule: ProgressiveSchedule, count: Int,
                                    seed: UInt64) throws -> ([Image], Int) {
        let shown = Int(try SafeTensorsFile(contentsOf: url).metadata["images_shown"] ?? "") ?? 0
        let position = min(max(shown - 1, 0), schedule.totalImages - 1)
        guard let segment = schedule.segment(at: position) else { throw PipelineError.notFound(what: "a training position", path: url.path) }
        let alpha = schedule.alpha(at: position)
        var rng = RNG(seed: 0)
        let g = Generator(config, rng: &rng)
        try Checkpoint.load(from: url, modules: ["generator_ema": g], skipping: ["generator", "discriminator", "adam_g", "adam_d"])
        var latents = RNG(seed: seed)
        let z = Tensor.randomNormal([count, config.latentSize], rng: &latents)
        var images: [Image] = []
        for start in stride(from: 0, to: count, by: 64) {
            let m = min(64, count - start)
            let x = withoutGrad { g(z.slice(axis: 0, start: start, length: m), resolution: segment.resolution, alpha: alpha).clamped(min: -1, max: 1) }
            images += Image.images(from: x, range: .minusOneToOne)
        }
        return (images, segment.resolution)
    }

    /// The training loop's wall time a checkpoint recorded.
    /// A study's data set: `given` (checked to have a level at `resolution`), or the embedded emoji prepared into
    /// OUT/data (once; a study run again finds it).
    static func studyData(_ given: URL?, out: URL, resolution: Int, progress: @escaping (Int, Int) -> Void) throws -> URL {
        if let given {
            try Dataset(folder: given).check(resolution: resolution)
            return given
        }
        return try ProGANTrainer.prepareEmbedded(into: out.appendingPathComponent("data", isDirectory: true), resolution: resolution,
                                                 progress: progress)
    }

    static func checkpointWallSeconds(_ url: URL) throws -> Double {
        guard let seconds = Double(try SafeTensorsFile(contentsOf: url).metadata["wall_seconds"] ?? "") else {
            throw PipelineError.notFound(what: "wall_seconds in a checkpoint's metadata", path: url.path)
        }
        return seconds
    }

    static func loadAverage() -> Double {
        var loads = [Double](repeating: 0, count: 3)
        return getloadavg(&loads, 3) > 0 ? loads[0] : .nan
    }
}
