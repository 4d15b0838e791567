// The whole product end to end on very small settings: a tiny stage one (to 16 px) and a tiny stage
// two, trained here, then the pipeline — images, contact sheet, report with every number — and the
// errors for stages that do not chain.

import XCTest
import Imaging
import InceptionTestSupport
import NN
import Pipeline
import ProGAN
import Runs
import SRGAN
import Tensors

final class PipelineTests: XCTestCase {
    static var scratch: URL!
    static var stage1: URL { scratch.appendingPathComponent("stage1") }
    static var stage2: URL { scratch.appendingPathComponent("stage2") }

    override class func setUp() {
        let fm = FileManager.default
        scratch = fm.temporaryDirectory.appendingPathComponent("progan-pipeline-\(UUID())")
        try! fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        // Stage one: 64 emoji at 16 px, a tiny network, a few thousand images.
        let source = scratch.appendingPathComponent("source")
        try! fm.createDirectory(at: source, withIntermediateDirectories: true)
        for f in try! DatasetBuilder.listFiles(in: EmbeddedSamples.folder).prefix(64) {
            let from = EmbeddedSamples.folder.appendingPathComponent(f)
            try! fm.copyItem(at: from, to: source.appendingPathComponent(from.lastPathComponent))
        }
        var options = DatasetOptions()
        options.resolution = 16
        try! DatasetBuilder.prepare(source: source, output: scratch.appendingPathComponent("data"), options: options)
        var c = ProGANConfig()
        c.targetResolution = 16
        c.latentSize = 16; c.fmapBase = 64; c.fmapMax = 16
        c.phaseImages = ["4": 512, "8": 256, "16": 256]
        c.swdImages = 0
        do {
            let trainer = try! ProGANTrainer(config: c, dataset: try! Dataset(folder: scratch.appendingPathComponent("data")), folder: stage1)
            try! trainer.train()
        }
        // Stage two: a one-block SRResNet, a few steps on 12 emoji.
        var s = SRGANConfig()
        s.blocks = 1; s.channels = 8; s.hrCrop = 32; s.batchSize = 4
        s.discriminatorChannels = 4; s.discriminatorDense = 16
        s.validationImages = 4; s.sheetImages = 2; s.validationCrop = 64
        s.phase1Steps = 4; s.phase2Steps = 2; s.checkpointEverySteps = 100
        let files = try! DatasetBuilder.listFiles(in: EmbeddedSamples.folder).prefix(12)
        let images = files.map { (name: $0, image: try! Image(contentsOf: EmbeddedSamples.folder.appendingPathComponent($0).path)) }
        let data = try! SRTrainingData(images: Array(images), scale: 4, kernel: .bicubic, validationCount: 4, minimumSide: 32)
        do {
            let run = try! SRGANRun(folder: stage2, trainer: try! SRGANTrainer(config: s, data: data, vgg19: nil), resume: false)
            _ = try! run.run()
        }
    }

    override class func tearDown() { try? FileManager.default.removeItem(at: scratch) }

    func testTinyPipelineEndToEnd() throws {
        var o = PipelineOptions(stage1: Self.stage1, stage2: Self.stage2, out: Self.scratch.appendingPathComponent("out"))
        o.count = 16
        o.inputSize = 24          // 16 px samples resampled to 24 px with libvips' cubic, then 4x to 96 px
        o.msssimPairs = 50
        let report = try Pipeline.run(o)
        XCTAssertEqual(report.stageOneResolution, 16)
        XCTAssertEqual(report.outputResolution, 96)
        XCTAssertEqual(report.times.map(\.step).count, 4)
        XCTAssertTrue(report.times.allSatisfy { $0.seconds >= 0 && $0.images == 16 })
        XCTAssertEqual(report.quality.map(\.set), ["real", "stage one", "real", "bicubic 4x", "SRGAN 4x"])
        XCTAssertTrue(report.quality.allSatisfy { $0.swdAverage.map { $0.isFinite && $0 > 0 } ?? false })
        XCTAssertEqual(report.quality[3].swdLevels, [96, 48, 24])   // Laplacian levels down to 16 px (96, 48, 24)
        let cost = try XCTUnwrap(report.cost)
        XCTAssertEqual(cost.missing.map(\.resolution), [32, 64])
        XCTAssertTrue(cost.missing.allSatisfy { $0.secondsPerStep > 0 })
        XCTAssertTrue(cost.missing.allSatisfy { $0.timedSteps >= 20 })
        // Both runs log their training loop's wall time, which is at least the sum of their step times.
        let one = try XCTUnwrap(cost.stageOne), two = try XCTUnwrap(cost.stageTwo)
        XCTAssertEqual(one.measure, .wallTime)
        XCTAssertEqual(two.measure, .wallTime)
        let trainer = try ProGANTrainer.resume(folder: Self.stage1, dataset: Dataset(folder: Self.scratch.appendingPathComponent("data")))
        XCTAssertGreaterThanOrEqual(one.seconds, trainer.trainingSeconds)
        XCTAssertGreaterThan(two.seconds, 0)

        let out = Self.scratch.appendingPathComponent("out")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("images").path)
        XCTAssertEqual(files.filter { $0.hasSuffix("-srgan4x.png") }.count, 16)
        let sr = try Image(contentsOf: out.appendingPathComponent("images/0000-srgan4x.png").path)
        XCTAssertEqual([sr.width, sr.height], [96, 96])
        XCTAssertNoThrow(try Image(contentsOf: out.appendingPathComponent("contact-sheet.png").path))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as? [String: Any]
        XCTAssertNotNil(json?["quality"])
        XCTAssertTrue(report.table().contains("SRGAN 4x"))
    }

    /// With Inception weights (the conformance fixture's random ones), every quality row gains FID against the
    /// reference half and an Inception Score; the table shows them.
    func testInceptionWeightsAddFIDAndISToEveryRow() throws {
        let weights = Self.scratch.appendingPathComponent("inception.safetensors")
        try RandomInceptionWeights.write(to: weights)
        var o = PipelineOptions(stage1: Self.stage1, stage2: Self.stage2, out: Self.scratch.appendingPathComponent("out-inception"))
        o.count = 4
        o.msssimPairs = 10
        o.costReport = false
        o.inception = weights
        let report = try Pipeline.run(o)
        XCTAssertEqual(report.quality.map(\.set), ["real", "stage one", "real", "bicubic 4x", "SRGAN 4x"])
        for q in report.quality {
            let fid = try XCTUnwrap(q.fid, q.set), score = try XCTUnwrap(q.inceptionScore, q.set)
            XCTAssertTrue(fid.isFinite && fid > 0, "\(q.set): FID \(fid)")
            XCTAssertGreaterThanOrEqual(score, 1 - 1e-12, "\(q.set): IS is exp of a mean KL ≥ 0")
            XCTAssertNotNil(q.inceptionScoreStd)
        }
        XCTAssertGreaterThan(Set(report.quality.compactMap(\.fid)).count, 3, "different sets, different FIDs")
        XCTAssertTrue(report.table().contains("FID") && report.table().contains(" ± "), report.table())
        // Without weights there are no such columns.
        o.inception = nil
        o.out = Self.scratch.appendingPathComponent("out-no-inception")
        let plain = try Pipeline.run(o)
        XCTAssertTrue(plain.quality.allSatisfy { $0.fid == nil && $0.inceptionScore == nil })
        XCTAssertFalse(plain.table().contains("Inception Score"))
    }

    func testStagesThatDoNotChainAreNamed() throws {
        // Stage one given as stage two: not an SRResNet.
        let ckpt = try XCTUnwrap(CheckpointFiles(folder: Self.stage1).latest)
        var o = PipelineOptions(stage1: Self.stage1, stage2: ckpt, out: Self.scratch.appendingPathComponent("bad"))
        o.costReport = false
        XCTAssertThrowsError(try Pipeline.run(o)) { XCTAssertTrue("\($0)".contains(ckpt.lastPathComponent), "\($0)") }
        // Stage two given as stage one: not a stage-one checkpoint.
        o = PipelineOptions(stage1: Self.stage2.appendingPathComponent("generator.safetensors"), stage2: Self.stage2,
                            out: Self.scratch.appendingPathComponent("bad2"))
        XCTAssertThrowsError(try Pipeline.run(o)) { XCTAssertTrue("\($0)".contains("not a stage-one"), "\($0)") }
    }
}
