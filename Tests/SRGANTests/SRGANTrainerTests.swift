// Stage-two training: exact resume across the phase boundary, Ctrl-C-style stop with a checkpoint, NaN stop
// naming the step, the content-loss fallback announced, generator files that `SRResNet.load` reads, and
// the strict loader's list for a file that is not an SRResNet.

import Foundation
import XCTest
import FixtureSupport
import Imaging
import NN
import Runs
import SRGAN
import Tensors

final class SRGANTrainerTests: XCTestCase {
    static let images = try! Emoji.images(12)

    func data(_ config: SRGANConfig) throws -> SRTrainingData {
        try SRTrainingData(images: Self.images, scale: config.upscale, kernel: .bicubic,
                           validationCount: config.validationImages, minimumSide: config.hrCrop)
    }

    func testHeldOutImagesAreNotTrainedOn() throws {
        let d = try data(Emoji.tinyConfig(phase1: 1, phase2: 0))
        XCTAssertEqual(d.validationIndices.count, 4)
        XCTAssertEqual(d.trainIndices.count, 8)
        XCTAssertTrue(Set(d.validationIndices).isDisjoint(with: d.trainIndices))
        var rng = RNG(seed: 1)
        let (lr, hr) = d.batch(size: 3, lrCrop: 8, rng: &rng, mirror: true)
        XCTAssertEqual(lr.shape, [3, 3, 8, 8])
        XCTAssertEqual(hr.shape, [3, 3, 32, 32])
    }

    func testResumeIsExactAcrossThePhases() throws {
        let config = Emoji.tinyConfig(phase1: 3, phase2: 3)
        var announced: [String] = []
        let straight = try SRGANTrainer(config: config, data: data(config), vgg19: nil, announce: { announced.append($0) })
        XCTAssertEqual(straight.contentLoss, .dFeatures)
        XCTAssertEqual(announced.count, 1)
        XCTAssertTrue(announced[0].contains("d-features"))
        for _ in 0..<6 { try straight.trainStep() }

        let folder = TempFolder()
        let url = folder.url.appendingPathComponent("mid.safetensors")
        let first = try SRGANTrainer(config: config, data: data(config), vgg19: nil)
        for _ in 0..<4 { try first.trainStep() }   // into phase 2: both optimisers have state
        try first.saveCheckpoint(to: url)
        let resumed = try SRGANTrainer(config: config, data: data(config), vgg19: nil)
        try resumed.resume(from: url)
        XCTAssertEqual(resumed.step, 4)
        for _ in 0..<2 { try resumed.trainStep() }
        XCTAssertTrue(resumed.isFinished)

        for (name, a, b) in [("generator", straight.generator as Module, resumed.generator as Module),
                             ("discriminator", straight.discriminator, resumed.discriminator)] {
            let sa = a.stateDict(), sb = b.stateDict()
            XCTAssertEqual(Set(sa.keys), Set(sb.keys))
            for (key, t) in sa { XCTAssertEqual(t.toArray(), sb[key]!.toArray(), "\(name).\(key) differs after resume") }
        }
    }

    func testStopWritesACheckpointAndTheRunResumesToTheEnd() throws {
        let config = Emoji.tinyConfig(phase1: 3, phase2: 2)
        let folder = TempFolder()
        do {
            let run = try SRGANRun(folder: folder.url, trainer: SRGANTrainer(config: config, data: data(config), vgg19: nil), resume: false)
            XCTAssertThrowsError(try SRGANRun(folder: folder.url, trainer: SRGANTrainer(config: config, data: data(config), vgg19: nil), resume: true),
                                 "one trainer per run folder")
            run.logEverySteps = 1
            var steps = 0
            let stopped = try run.run(shouldStop: { steps >= 3 }) { _ in steps += 1 }
            XCTAssertFalse(stopped.finished)
            XCTAssertEqual(stopped.step, 3)
            XCTAssertEqual(CheckpointFiles(folder: folder.url).all().count, 2, "checkpoints at step 2 and 3, kept 2")
        }   // the run (and its lock) ends here

        XCTAssertThrowsError(try SRGANRun(folder: folder.url, trainer: SRGANTrainer(config: config, data: data(config), vgg19: nil), resume: false),
                             "a folder with checkpoints is not overwritten")
        let again = try SRGANRun(folder: folder.url, trainer: SRGANTrainer(config: config, data: data(config), vgg19: nil), resume: true)
        XCTAssertEqual(again.trainer.step, 3)
        again.logEverySteps = 1
        let done = try again.run()
        XCTAssertTrue(done.finished)
        XCTAssertEqual(done.model.lastPathComponent, "generator.safetensors")
        let log = RunLog.read(folder.url.appendingPathComponent("log.jsonl"))
        XCTAssertTrue(log.contains { $0["event"] as? String == "validation" && $0["step"] as? Int == 5 })
        let pictures = try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("validation").path)
        XCTAssertTrue(pictures.contains("step-0000005.png"), "\(pictures)")
        for name in ["comparison.png", "scores.json", "srresnet.safetensors", "losses.png", "gan.png", "psnr.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent(name).path), name)
        }

        // The generator file loads by itself and upscales like the trained model.
        let loaded = try SRResNet.load(contentsOf: done.model)
        XCTAssertEqual([loaded.trunk.count, loaded.upscale], [1, 4])
        let x = again.trainer.validation.lrTensor
        again.trainer.generator.eval()
        XCTAssertEqual(withoutGrad { loaded(x) }.toArray(), withoutGrad { again.trainer.generator(x) }.toArray())
        // So does the newest checkpoint (keys under "generator.").
        let fromCheckpoint = try SRResNet.load(contentsOf: CheckpointFiles(folder: folder.url).latest!)
        XCTAssertEqual(withoutGrad { fromCheckpoint(x) }.toArray(), withoutGrad { loaded(x) }.toArray())
    }

    func testNonFiniteLossStopsNamingTheStep() throws {
        var config = Emoji.tinyConfig(phase1: 5, phase2: 0)
        config.phase1LearningRate = .infinity
        let trainer = try SRGANTrainer(config: config, data: data(config), vgg19: nil)
        XCTAssertThrowsError(try { for _ in 0..<5 { try trainer.trainStep() } }()) { error in
            guard case SRGANError.nonFinite(let step, let phase, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual([step, phase], [2, 1])
            XCTAssertTrue("\(error)".contains("step 2"), "\(error)")
        }
    }

    func testVGG19ContentLossNeedsItsWeights() throws {
        var config = Emoji.tinyConfig(phase1: 1, phase2: 1)
        config.contentLoss = .vgg19
        XCTAssertThrowsError(try SRGANTrainer(config: config, data: data(config), vgg19: nil))
        // The fixture holds VGG19 only up to relu2_2: enough for VGG22, a full list of missing keys for VGG54.
        let fixture = Fixtures.folder("models").appendingPathComponent("vgg19_upto_relu2_2_weights.safetensors")
        XCTAssertNoThrow(try PerceptualLoss.vgg19(weights: fixture, layer: "relu2_2"))
        XCTAssertThrowsError(try PerceptualLoss.vgg19(weights: fixture, layer: "relu5_4")) { error in
            XCTAssertTrue("\(error)".contains("features.34.weight"), "\(error)")
        }
        config.vggLayer = "relu2_2"
        let trainer = try SRGANTrainer(config: config, data: data(config), vgg19: fixture)
        let losses = try [trainer.trainStep(), trainer.trainStep()]
        XCTAssertNotNil(losses[1].content)
        XCTAssertNil(losses[0].content)
    }

    func testForeignFileGetsTheFullKeyList() {
        let vgg = Fixtures.folder("models").appendingPathComponent("vgg19_upto_relu2_2_weights.safetensors")
        XCTAssertThrowsError(try SRResNet.load(contentsOf: vgg)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("missing") && text.contains("conv1.0.weight") && text.contains("trunk.15.rcb.4.running_var"), text)
            XCTAssertTrue(text.contains("unexpected") && text.contains("features.0.weight"), text)
        }
    }
}
