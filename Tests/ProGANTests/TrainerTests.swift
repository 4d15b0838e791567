// The stage-one run: bit-exact resume, Ctrl-C, NaN stop, and learning (SWD falls) on a tiny network.

import XCTest
import Imaging
import Metrics
import NN
import ProGAN
import Runs
import Tensors

final class TrainerTests: XCTestCase {
    static var dataset: Dataset!
    static var scratch: URL!

    /// A small prepared data set (64 embedded emoji, 16 px), made once for the class.
    override class func setUp() {
        let fm = FileManager.default
        scratch = fm.temporaryDirectory.appendingPathComponent("progan-trainer-\(UUID())")
        let source = scratch.appendingPathComponent("source")
        try! fm.createDirectory(at: source, withIntermediateDirectories: true)
        let files = try! DatasetBuilder.listFiles(in: EmbeddedSamples.folder).prefix(64)
        for f in files {
            let from = EmbeddedSamples.folder.appendingPathComponent(f)
            try! fm.copyItem(at: from, to: source.appendingPathComponent(from.lastPathComponent))
        }
        var options = DatasetOptions()
        options.resolution = 16
        try! DatasetBuilder.prepare(source: source, output: scratch.appendingPathComponent("data"), options: options)
        dataset = try! Dataset(folder: scratch.appendingPathComponent("data"))
    }

    override class func tearDown() { try? FileManager.default.removeItem(at: scratch) }

    func tinyConfig() -> ProGANConfig {
        var c = ProGANConfig()
        c.targetResolution = 8
        c.latentSize = 16; c.fmapBase = 64; c.fmapMax = 16
        c.fadeInImages = 1_024; c.stabilizeImages = 1_488   // 4 px: 1,488; 8 px: 1,024 + 1,488 → 4,000 in all
        c.minibatchDefault = 16
        c.checkpointEveryImages = 1_000
        c.emaHalfLifeImages = 500
        c.swdImages = 0
        c.gridColumns = 4; c.gridRows = 2
        return c
    }

    func runFolder(_ name: String) -> URL { Self.scratch.appendingPathComponent(name) }

    /// 2,000 images, stop, resume for 2,000 more: the same weights, bit for bit, as 4,000 straight.
    func testResumeIsBitExact() throws {
        let c = tinyConfig()
        let straight = try ProGANTrainer(config: c, dataset: Self.dataset, folder: runFolder("straight"))
        XCTAssertEqual(try straight.train(), .finished)
        XCTAssertEqual(straight.imagesShown, 4_000)
        var fresh = RNG(seed: c.seed)
        let initial = Generator(c, rng: &fresh).stateDict()
        XCTAssertTrue(straight.generator.stateDict().contains { $0.value.toArray() != initial[$0.key]!.toArray() },
                      "training changed no weight: the resume comparison would prove nothing")

        var stoppedAt = 0
        do {   // the first process ends here (and releases the run folder)
            let first = try ProGANTrainer(config: c, dataset: Self.dataset, folder: runFolder("split"))
            XCTAssertEqual(try first.train(limit: 2_000), .reachedLimit)
            stoppedAt = first.imagesShown
        }
        let resumed = try ProGANTrainer.resume(folder: runFolder("split"), dataset: Self.dataset)
        XCTAssertEqual(resumed.imagesShown, stoppedAt)
        XCTAssertEqual(try resumed.train(), .finished)

        for (a, b) in [(straight.generator, resumed.generator), (straight.discriminator, resumed.discriminator),
                       (straight.averagedGenerator, resumed.averagedGenerator)] as [(Module, Module)] {
            let sa = a.stateDict(), sb = b.stateDict()
            XCTAssertEqual(Set(sa.keys), Set(sb.keys))
            for (k, t) in sa {
                XCTAssertEqual(t.toArray(), sb[k]!.toArray(), "\(k) differs after resume")
            }
        }
        // Checkpoints beyond keepCheckpoints are pruned; grids are written beside them.
        let files = try FileManager.default.contentsOfDirectory(atPath: runFolder("split").path)
        XCTAssertEqual(files.filter { $0.hasPrefix("checkpoint-") }.count, c.keepCheckpoints)
        XCTAssertTrue(files.contains { $0.hasPrefix("grid-008px-") }, "\(files)")
        XCTAssertTrue(files.contains("log.jsonl"))
        XCTAssertTrue(files.contains("losses.png") && files.contains("training-time.png"), "\(files)")
    }

    /// The optimisers start afresh at the start of every fade-in and every stabilise phase (train.py
    /// reset_opt_for_new_lod). (That a resume mid-phase keeps the moments is in testResumeIsBitExact.)
    func testAdamMomentsResetAtEveryPhase() throws {
        let c = tinyConfig()
        let t = try ProGANTrainer(config: c, dataset: Self.dataset, folder: runFolder("phases"))
        let segments = ProgressiveSchedule(c).segments
        XCTAssertGreaterThan(segments.count, 2)
        for segment in segments {
            _ = try t.train(limit: segment.start + segment.batch)
            XCTAssertEqual(t.step.adamD.states.values.map(\.step).max(), 1, "one step into \(segment.resolution) px \(segment.phase)")
            XCTAssertEqual(t.step.adamG.states.values.map(\.step).max(), 1, "one step into \(segment.resolution) px \(segment.phase)")
            _ = try t.train(limit: segment.end)
            XCTAssertEqual(t.step.adamD.states.values.map(\.step).max(), (segment.end - segment.start) / segment.batch)
        }
    }

    func testStopRequestWritesACheckpointAndResumes() throws {
        let c = tinyConfig()
        StopRequest.reset()
        defer { StopRequest.reset() }
        do {
            let t = try ProGANTrainer(config: c, dataset: Self.dataset, folder: runFolder("stopped"))
            var steps = 0
            let outcome = try t.train { _ in
                steps += 1
                if steps == 5 { StopRequest.request() }
            }
            XCTAssertEqual(outcome, .stoppedByUser)
            XCTAssertEqual(t.imagesShown, 80)
        }
        StopRequest.reset()
        let resumed = try ProGANTrainer.resume(folder: runFolder("stopped"), dataset: Self.dataset)
        XCTAssertEqual(resumed.imagesShown, 80)
    }

    func testNaNStopsNamingTheStepAndKeepsTheCheckpoint() throws {
        var c = tinyConfig()
        c.learningRate = 1e30   // the first Adam step makes every weight enormous: the next losses overflow
        let t = try ProGANTrainer(config: c, dataset: Self.dataset, folder: runFolder("nan"))
        XCTAssertThrowsError(try t.train()) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("NaN or infinite") && text.contains("resolution 4 px"), text)
        }
        XCTAssertTrue(try FileManager.default.contentsOfDirectory(atPath: runFolder("nan").path).allSatisfy { !$0.hasPrefix("checkpoint-") })
    }

    func testASecondTrainerOfTheSameFolderIsRefused() throws {
        let first = try ProGANTrainer(config: tinyConfig(), dataset: Self.dataset, folder: runFolder("locked"))
        try first.saveCheckpoint()
        XCTAssertThrowsError(try ProGANTrainer.resume(folder: runFolder("locked"), dataset: Self.dataset)) {
            XCTAssertTrue("\($0)".contains("another process"), "\($0)")
        }
    }

    func testANewRunRefusesAFolderThatHoldsOne() throws {
        do { _ = try ProGANTrainer(config: tinyConfig(), dataset: Self.dataset, folder: runFolder("twice")) }
        XCTAssertThrowsError(try ProGANTrainer(config: tinyConfig(), dataset: Self.dataset, folder: runFolder("twice"))) {
            XCTAssertTrue("\($0)".contains("already holds a run"), "\($0)")
        }
    }
}

final class LearningTests: XCTestCase {
    /// A tiny network trained for a short while is closer to the real images (SWD at 16 px) than at
    /// initialisation: the whole loop — data, losses, second-order penalty, Adam, EMA — learns.
    func testSWDFallsWithTraining() throws {
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("progan-learning-\(UUID())")
        defer { try? fm.removeItem(at: scratch) }
        var options = DatasetOptions()
        options.resolution = 16
        try DatasetBuilder.prepare(source: EmbeddedSamples.folder, output: scratch.appendingPathComponent("data"), options: options)
        let data = try Dataset(folder: scratch.appendingPathComponent("data"))

        var c = ProGANConfig()
        c.targetResolution = 16
        c.latentSize = 32; c.fmapBase = 128; c.fmapMax = 32
        c.phaseImages = ["4": 3_000, "8": 2_000, "16": 2_000]
        c.emaHalfLifeImages = 500
        c.learningRate = 3e-3   // a short run's rate (README, "Stage one's recipe")
        c.checkpointEveryImages = 100_000
        c.swdImages = 0
        let trainer = try ProGANTrainer(config: c, dataset: data, folder: scratch.appendingPathComponent("run"))
        var rng = RNG(seed: 5)
        let real = ProGANSampler.imageBatch(data.batch(resolution: 16, size: 512, rng: &rng, mirror: false))
        func swd() throws -> Double {
            let fake = ProGANSampler.imageBatch(ProGANSampler(generator: trainer.averagedGenerator, resolution: 16).sample(count: 512, seed: 3))
            return try SWD.distance(real, fake, seed: 1).average
        }
        let before = try swd()
        try trainer.train()
        let after = try swd()
        print("SWD ×1e3 at 16 px: \(before) at initialisation, \(after) after \(trainer.imagesShown) images")
        XCTAssertLessThan(after, 0.7 * before)
    }
}
