// Checkpoints: save → load is bit-exact (weights, buffers, Adam state, metadata), and training resumed from
// a checkpoint continues exactly as the run that was not interrupted.

import Foundation
import XCTest
import NN
import SafeTensors
import Tensors

final class CheckpointTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("nn-checkpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// One Adam step of `model` on a fixed regression problem (training mode: BatchNorm statistics move too).
    func step(_ model: Toy, _ adam: Adam, batch: Int) {
        var rng = RNG(seed: UInt64(100 + batch))
        let x = Tensor.randomNormal([4, 2, 2, 2], rng: &rng)
        let target = Tensor.randomNormal([4, 1], rng: &rng)
        let (_, grads) = valueAndGrad(model: model) { Tensor.mse(model(x), target) }
        adam.update(model: model, gradients: grads)
    }

    func bits(_ module: Module) -> [String: [UInt32]] {
        module.stateDict().mapValues { $0.toArray().map(\.bitPattern) }
    }

    func testSaveLoadIsBitExactAndResumesExactly() throws {
        var rng = RNG(seed: 7)
        let model = Toy(rng: &rng)
        let adam = Adam(lr: 0.01, beta1: 0.5, beta2: 0.99)
        for i in 0..<3 { step(model, adam, batch: i) }
        let url = folder.appendingPathComponent("toy.safetensors")
        try Checkpoint.save(model, optimizer: adam, metadata: ["images_shown": "12", "config": "{\"lr\":0.01}"], to: url)

        let restored = Toy(rng: &rng), restoredAdam = Adam(lr: 1)
        let metadata = try Checkpoint.load(restored, optimizer: restoredAdam, from: url)
        XCTAssertEqual(metadata["images_shown"], "12")
        XCTAssertEqual(metadata["config"], "{\"lr\":0.01}")
        XCTAssertEqual(bits(restored), bits(model))
        XCTAssertEqual(restoredAdam.hyperparameters, adam.hyperparameters)
        XCTAssertEqual(Set(restoredAdam.states.keys), Set(adam.states.keys))
        for (key, s) in adam.states {
            XCTAssertEqual(restoredAdam.states[key]?.step, s.step)
            XCTAssertEqual(restoredAdam.states[key]?.m.toArray().map(\.bitPattern), s.m.toArray().map(\.bitPattern), key)
            XCTAssertEqual(restoredAdam.states[key]?.v.toArray().map(\.bitPattern), s.v.toArray().map(\.bitPattern), key)
        }

        for i in 3..<5 {
            step(model, adam, batch: i)
            step(restored, restoredAdam, batch: i)
        }
        XCTAssertEqual(bits(restored), bits(model), "the resumed run continues bit for bit")
    }

    func testBareKeysAndNamedParts() throws {
        var rng = RNG(seed: 3)
        let (g, d) = (Toy(rng: &rng), Toy(rng: &rng))
        let adam = Adam(lr: 0.001)
        step(g, adam, batch: 0)
        let url = folder.appendingPathComponent("gan.safetensors")
        try Checkpoint.save(to: url, modules: ["generator": g, "discriminator": d], optimizers: ["adam_g": adam], metadata: ["stage": "2"])
        let file = try SafeTensorsFile(contentsOf: url)
        XCTAssertTrue(file.names.contains("generator.fc_out.weight"))
        XCTAssertTrue(file.names.contains("discriminator.head.1.running_var"))
        XCTAssertTrue(file.names.contains("adam_g.fc_out.weight.exp_avg_sq"))
        XCTAssertNotNil(file.metadata["adam_g.hyperparameters"])

        let (g2, d2, adam2) = (Toy(rng: &rng), Toy(rng: &rng), Adam())
        try Checkpoint.load(from: url, modules: ["generator": g2, "discriminator": d2], optimizers: ["adam_g": adam2])
        XCTAssertEqual(bits(g2), bits(g))
        XCTAssertEqual(bits(d2), bits(d))
        XCTAssertEqual(adam2.hyperparameters.lr, 0.001)

        // A module saved alone keeps its bare PyTorch keys; the optimiser's are under "optimizer.".
        let bare = folder.appendingPathComponent("bare.safetensors")
        try Checkpoint.save(g, optimizer: adam, to: bare)
        let names = try SafeTensorsFile(contentsOf: bare).names
        XCTAssertEqual(Set(names.filter { !$0.hasPrefix("optimizer.") }), Set(g.stateDict().keys))
        // …and a plain strict module load reports the optimiser keys as unexpected, Checkpoint.load does not.
        XCTAssertThrowsError(try Toy(rng: &rng).load(contentsOf: bare, strict: true))
        XCTAssertNoThrow(try Checkpoint.load(Toy(rng: &rng), from: bare))
    }

    func testLoadingTheWrongArchitectureNamesTheFileAndEveryKey() throws {
        var rng = RNG(seed: 3)
        let url = folder.appendingPathComponent("linear.safetensors")
        try Checkpoint.save(Linear(inputFeatures: 4, outputFeatures: 2, rng: &rng), to: url)
        XCTAssertThrowsError(try Checkpoint.load(Toy(rng: &rng), from: url)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(url.path), message)
            XCTAssertTrue(message.contains("\n    weight") && message.contains("fc_out.weight") && message.contains("blocks.0.weight"), message)
        }
    }
}
