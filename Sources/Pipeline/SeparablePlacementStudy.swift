// The separable-placement study: where should the depthwise-separable 3x3 convolutions go — nowhere, in G, in D,
// or in both? DepthwiseGANs (Ngxande et al. 2019) found separable convolutions in G only best for quality; this
// measures it on our networks and data, for a fixed CPU budget, which is what the project sells.
//
// "The same budget": each mode's training step is timed first at every resolution of the preset (StepTimer,
// fresh networks on random images), and the preset's images per phase are scaled by one factor per mode so that
// the estimated training time equals the budget (a faster mode sees more images). The plan is written to
// OUT/placement-plan.json before any training, so that a study stopped by Ctrl-C or kill -9 continues with the
// same schedules when run again. Each mode trains as an ordinary run folder (OUT/separable-MODE); its G_ema is
// then measured by SWD at the target resolution against the real images, over `repeats` seeds, and at each of
// its checkpoints at that resolution (one seed) for the curve of SWD against the run's own wall time.

import Foundation
import Imaging
import Metrics
import NN
import ProGAN
import Runs
import SafeTensors
import Tensors

public struct SeparablePlacementOptions: Sendable {
    /// The preset every mode trains (its `separable` is replaced by each mode's).
    public var base: ProGANConfig
    public var modes: [SeparableMode] = [.none, .g, .d, .both]
    /// Training wall time each mode is planned to take.
    public var budgetSeconds: Double
    /// A prepared data set with a level at the target resolution (nil: the embedded emoji, prepared into OUT/data).
    public var data: URL?
    public var out: URL
    /// Real images (and samples) per SWD: nil takes every real image, up to the protocol's 16,384.
    public var count: Int?
    /// SWD seeds at the end of each run (seed, seed + 1, …): the spread tells a difference from noise.
    public var repeats = 3
    public var seed: UInt64 = 1
    /// Timed steps per resolution and mode for the plan (after one warm-up step).
    public var timedSteps = 3
    /// Checkpoints (curve points) per run at the target resolution.
    public var curvePoints = 4
    /// The command line, recorded in the runs' run.json.
    public var command: [String] = []

    public init(base: ProGANConfig, budgetSeconds: Double, out: URL) {
        self.base = base
        self.budgetSeconds = budgetSeconds
        self.out = out
    }

    /// The settings on their own, before any file is read or written; the error names the setting.
    public func validate() throws {
        try base.validate()
        guard budgetSeconds > 0, budgetSeconds.isFinite else {
            throw PipelineError.invalidOption(option: "--minutes", reason: "must be a positive number of minutes")
        }
        guard !modes.isEmpty, Set(modes).count == modes.count else {
            throw PipelineError.invalidOption(option: "--modes", reason: "name each of none, g, d, both at most once, at least one")
        }
        guard base.targetResolution >= SWD.minimumResolution else {
            throw PipelineError.invalidOption(option: "the preset's targetResolution",
                                              reason: "SWD needs at least \(SWD.minimumResolution) px, got \(base.targetResolution)")
        }
        if let count, count < 2 { throw PipelineError.invalidOption(option: "--count", reason: "must be at least 2, got \(count)") }
        guard repeats >= 1 else { throw PipelineError.invalidOption(option: "--repeats", reason: "must be at least 1, got \(repeats)") }
        guard timedSteps >= 1 else { throw PipelineError.invalidOption(option: "--timed-steps", reason: "must be at least 1, got \(timedSteps)") }
        guard curvePoints >= 1 else { throw PipelineError.invalidOption(option: "--curve-points", reason: "must be at least 1, got \(curvePoints)") }
    }
}

/// Each mode's schedule for the budget: what was timed and what it became. Written before any training.
public struct SeparablePlacementPlan: Codable, Sendable, Equatable {
    public struct Mode: Codable, Sendable, Equatable {
        public let separable: String
        /// Seconds per training step at each resolution ("4": …), as timed for the plan.
        public let secondsPerStep: [String: Double]
        /// The factor the preset's images per phase were multiplied by.
        public let scale: Double
        /// Images per phase at each resolution after scaling (multiples of the minibatch, at least one step).
        public let phaseImages: [String: Int]
        public let estimatedSeconds: Double
    }

    public let budgetSeconds: Double
    /// The preset as JSON (a plan made for another preset is not reused).
    public let base: String
    public let modes: [Mode]

    /// `base`'s schedule scaled so that its estimated training time, from `secondsPerStep` at each resolution, is
    /// `budgetSeconds`: every phase's images times one factor, rounded to whole minibatches (at least one).
    public static func scaled(_ base: ProGANConfig, secondsPerStep: [Int: Double], budgetSeconds: Double)
        -> (phaseImages: [String: Int], scale: Double, estimatedSeconds: Double) {
        func seconds(_ images: (Int) -> Int) -> Double {
            base.resolutions.reduce(0) { sum, r in
                let phases = r == 4 ? 1 : 2
                return sum + Double(phases * images(r)) / Double(base.minibatchSize(resolution: r)) * (secondsPerStep[r] ?? 0)
            }
        }
        // The preset's phases; 4 px has no fade-in, so its one phase is its stabilise phase.
        let original = { (r: Int) in r == 4 ? base.stabilizeImages(resolution: r) : base.fadeInImages(resolution: r) }
        let baseSeconds = seconds(original)
        let scale = baseSeconds > 0 ? budgetSeconds / baseSeconds : 1
        var phaseImages: [Int: Int] = [:]
        for r in base.resolutions {
            let batch = base.minibatchSize(resolution: r)
            phaseImages[r] = max(1, Int((Double(original(r)) * scale / Double(batch)).rounded())) * batch
        }
        return (Dictionary(uniqueKeysWithValues: phaseImages.map { (String($0.key), $0.value) }), scale,
                seconds { phaseImages[$0] ?? 0 })
    }
}

public enum SeparablePlacementStudy {
    public enum Event {
        case preparing(Int, Int)
        case timing(SeparableMode, resolution: Int)
        case training(SeparableMode, URL)
        case progress(SeparableMode, Int, Int)
        case evaluating(String, Int, Int)
    }

    /// The preset as trained by `mode` in the plan: its scaled phases, checkpoints spaced for the curve, no SWD of its own.
    static func config(_ o: SeparablePlacementOptions, _ mode: SeparablePlacementPlan.Mode) -> ProGANConfig {
        var c = o.base
        c.separable = SeparableMode(rawValue: mode.separable)!
        c.phaseImages = mode.phaseImages
        // The scaled phases are the whole budget: a preset's total_kimg (the demo's trains its last resolution on)
        // would run past it, and by a different share for each mode.
        c.totalImages = 0
        let r = c.targetResolution, batch = c.minibatchSize(resolution: r)
        let atTarget = c.fadeInImages(resolution: r) + c.stabilizeImages(resolution: r)
        c.checkpointEveryImages = max(1, atTarget / o.curvePoints / batch) * batch
        c.keepCheckpoints = 1_000
        c.swdImages = 0
        return c
    }

    /// The plan in OUT/placement-plan.json when it was made for these settings, else a new one (timed now).
    static func plan(_ o: SeparablePlacementOptions, events: (Event) -> Void) throws -> SeparablePlacementPlan {
        let file = o.out.appendingPathComponent("placement-plan.json")
        let baseJSON = o.base.json()
        if let data = try? Data(contentsOf: file), let saved = try? JSONDecoder().decode(SeparablePlacementPlan.self, from: data) {
            guard saved.base == baseJSON, saved.budgetSeconds == o.budgetSeconds else {
                throw PipelineError.invalidOption(option: "--out", reason: "\(o.out.path) holds a study with another preset or budget; give a new --out")
            }
            let planned = Set(saved.modes.map(\.separable))
            if o.modes.allSatisfy({ planned.contains($0.rawValue) }) { return saved }
            return try extend(saved, o, events: events, file: file)
        }
        return try extend(SeparablePlacementPlan(budgetSeconds: o.budgetSeconds, base: baseJSON, modes: []), o, events: events, file: file)
    }

    /// `plan` with the modes it lacks timed and scaled, written to `file`.
    static func extend(_ plan: SeparablePlacementPlan, _ o: SeparablePlacementOptions, events: (Event) -> Void,
                       file: URL) throws -> SeparablePlacementPlan {
        var modes = plan.modes
        for mode in o.modes where !modes.contains(where: { $0.separable == mode.rawValue }) {
            var timed: [Int: Double] = [:]
            for r in o.base.resolutions {
                events(.timing(mode, resolution: r))
                var c = o.base
                c.separable = mode
                timed[r] = try StepTimer.secondsPerStep(c, batch: o.base.minibatchSize(resolution: r), steps: o.timedSteps, resolution: r).seconds
            }
            let scaled = SeparablePlacementPlan.scaled(o.base, secondsPerStep: timed, budgetSeconds: o.budgetSeconds)
            modes.append(.init(separable: mode.rawValue, secondsPerStep: Dictionary(uniqueKeysWithValues: timed.map { (String($0.key), $0.value) }),
                               scale: scaled.scale, phaseImages: scaled.phaseImages, estimatedSeconds: scaled.estimatedSeconds))
        }
        let extended = SeparablePlacementPlan(budgetSeconds: plan.budgetSeconds, base: plan.base, modes: modes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(extended).write(to: file, options: .atomic)
        return extended
    }

    public static func run(_ o: SeparablePlacementOptions,
                           events: (Event) -> Void = { _ in }) throws -> SeparablePlacementReport {
        try o.validate()
        let R = o.base.targetResolution
        try FileManager.default.createDirectory(at: o.out, withIntermediateDirectories: true)
        let data = try withoutActuallyEscaping(events) { events in
            try TwoStageStudy.studyData(o.data, out: o.out, resolution: R) { events(.preparing($0, $1)) }
        }
        let plan = try self.plan(o, events: events)
        var times = StudyTimes(file: o.out.appendingPathComponent("study-times.json"))
        var trained: [(SeparableMode, SeparablePlacementPlan.Mode, ProGANConfig, URL, Double)] = []
        for mode in o.modes {
            let planned = plan.modes.first { $0.separable == mode.rawValue }!
            let c = config(o, planned)
            let folder = o.out.appendingPathComponent("separable-\(mode.rawValue)", isDirectory: true)
            events(.training(mode, folder))
            let seconds = try times.measure(mode.rawValue) {
                try TwoStageStudy.trainProGAN(c, data: data, folder: folder, command: o.command) { events(.progress(mode, $0, $1)) }
            }
            trained.append((mode, planned, c, folder, seconds))
        }

        // The reals at R: all of them (or a seeded subset of `count` per seed).
        let source = try ImageSource(data)
        let n = min(o.count ?? 16_384, source.count)
        guard n >= 2 else { throw PipelineError.tooFewRealImages(found: source.count, needed: 2, path: data.path) }
        var realsBySeed: [UInt64: ImageBatch] = [:]
        func reals(seed: UInt64) throws -> ImageBatch {
            let key = n == source.count ? 0 : seed
            if let batch = realsBySeed[key] { return batch }
            let images = try source.images(n == source.count ? Array(0..<n) : source.randomSubset(n, seed: seed), resolution: R)
            try ImageSource.checkOneSize(images, of: source)
            guard images[0].image.width == R, images[0].image.height == R else {
                throw PipelineError.notFound(what: "a \(R) px level", path: data.path)
            }
            let batch = ImageBatch(interleaved: images.map(\.image.pixels), height: R, width: R)
            realsBySeed[key] = batch
            return batch
        }
        let seeds = (0..<o.repeats).map { o.seed &+ UInt64($0) }
        var runs: [SeparablePlacementReport.Run] = []
        for (i, (mode, planned, c, folder, seconds)) in trained.enumerated() {
            events(.evaluating("SWD of each run", i, trained.count))
            let sampler = try ProGANSampler(checkpointOrRun: folder)
            var results: [SWDResult] = []
            for s in seeds {
                results.append(try SWD.distance(try reals(seed: s), ProGANSampler.imageBatch(sampler.sample(count: n, seed: s)), seed: s))
            }
            // The curve: every checkpoint at R (G_ema at the fade-in weight it had reached), one seed.
            let schedule = ProgressiveSchedule(c)
            var curve: [SeparablePlacementReport.Point] = []
            for url in CheckpointFiles(folder: folder).all() {
                let shown = Int(try SafeTensorsFile(contentsOf: url).metadata["images_shown"] ?? "") ?? 0
                guard let segment = schedule.segment(at: min(max(shown - 1, 0), schedule.totalImages - 1)), segment.resolution == R else { continue }
                let (images, _) = try TwoStageStudy.samplesAtCheckpoint(url, config: c, schedule: schedule, count: n, seed: o.seed)
                let swd = try SWD.distance(try reals(seed: o.seed), ImageBatch(interleaved: images.map(\.pixels), height: R, width: R), seed: o.seed)
                curve.append(.init(seconds: try TwoStageStudy.checkpointWallSeconds(url), images: shown, swdAverage: swd.average))
            }
            let meta = try SafeTensorsFile(contentsOf: try RunFolder.checkpoint(folder, missing: "a stage-one run")).metadata
            runs.append(.init(separable: mode.rawValue, secondsPerStep: planned.secondsPerStep, scale: planned.scale,
                              estimatedSeconds: planned.estimatedSeconds, wallSeconds: seconds, cpuSeconds: times.cpuSeconds[mode.rawValue],
                              images: Int(meta["images_shown"] ?? "") ?? 0, swd: results, curve: curve))
        }
        events(.evaluating("SWD of each run", trained.count, trained.count))

        let chart = o.out.appendingPathComponent("placement-swd-vs-seconds.png")
        try LineChart(title: "SWD ×1e3 at \(R) px against training wall time, separable 3x3 placement",
                      xLabel: "training seconds", yLabel: "SWD ×1e3 (avg)",
                      series: runs.map { run in .init(name: run.separable, points: run.curve.map { ($0.seconds, $0.swdAverage) }) })
            .savePNG(to: chart)
        let report = SeparablePlacementReport(date: ISO8601DateFormatter().string(from: Date()), data: data.path, resolution: R,
                                              budgetSeconds: o.budgetSeconds, images: n, realsAvailable: source.count, seeds: seeds,
                                              runs: runs, chart: chart.path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: o.out.appendingPathComponent("placement.json"), options: .atomic)
        try Data(report.table().utf8).write(to: o.out.appendingPathComponent("placement.txt"), options: .atomic)
        return report
    }
}
