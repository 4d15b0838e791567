// SRResNet against PyTorch: the 2-block fixture (SRGAN-PyTorch's key names) loaded by key, eval mode,
// and the model's key set compared with the fixture's.

import Foundation
import XCTest
import FixtureSupport
import NN
import SafeTensors
import SRGAN
import Tensors

final class SRResNetTests: XCTestCase {
    let weightsURL = Fixtures.folder("models").appendingPathComponent("srresnet_b2_weights.safetensors")
    let ioURL = Fixtures.folder("models").appendingPathComponent("srresnet_b2_io.safetensors")

    func testKeySetEqualsTheFixtures() throws {
        let file = try SafeTensorsFile(contentsOf: weightsURL)
        let model = SRResNet(blocks: 2, channels: 64, upscale: 4)
        XCTAssertEqual(Set(model.stateDict().keys), Set(file.names))
        XCTAssertEqual(model.namedState().count, file.names.count, "no key may appear twice")
        for (key, tensor) in model.namedState() { XCTAssertEqual(tensor.shape, try file.shape(key), key) }
    }

    func testStateDictOrderIsPyTorchs() {
        let keys = SRResNet(blocks: 1, channels: 8).namedState().map(\.0)
        XCTAssertEqual(keys, [
            "conv1.0.weight", "conv1.0.bias", "conv1.1.weight",
            "trunk.0.rcb.0.weight", "trunk.0.rcb.1.weight", "trunk.0.rcb.1.bias", "trunk.0.rcb.1.running_mean",
            "trunk.0.rcb.1.running_var", "trunk.0.rcb.2.weight", "trunk.0.rcb.3.weight", "trunk.0.rcb.4.weight",
            "trunk.0.rcb.4.bias", "trunk.0.rcb.4.running_mean", "trunk.0.rcb.4.running_var",
            "conv2.0.weight", "conv2.1.weight", "conv2.1.bias", "conv2.1.running_mean", "conv2.1.running_var",
            "upsampling.0.upsample_block.0.weight", "upsampling.0.upsample_block.0.bias", "upsampling.0.upsample_block.2.weight",
            "upsampling.1.upsample_block.0.weight", "upsampling.1.upsample_block.0.bias", "upsampling.1.upsample_block.2.weight",
            "conv3.weight", "conv3.bias",
        ])
    }

    func testMatchesPyTorchInEvalMode() throws {
        let model = SRResNet(blocks: 2, channels: 64, upscale: 4)
        let report = try model.load(contentsOf: weightsURL, strict: true)
        XCTAssertTrue(report.isExact)
        model.eval()
        let io = try SafeTensorsFile(contentsOf: ioURL)
        let x = try Tensor(io, "x")
        let y = withoutGrad { model(x) }
        XCTAssertEqual(y.shape, try io.shape("y"))
        let c = Fixtures.compare(y.toArray(), try io.floats("y"))
        print(String(format: "SRResNet-b2 x4 eval: max|diff| %.3g (bound %.3g)", c.maxDiff, c.bound))
        XCTAssertTrue(c.ok, "SRResNet output differs from PyTorch by \(c.maxDiff) > \(c.bound)")
    }

    func testTrainingModeUpdatesRunningStatistics() throws {
        let model = SRResNet(blocks: 1, channels: 8, seed: 3)
        let before = model.stateDict()["trunk.0.rcb.1.running_mean"]!.toArray()
        var rng = RNG(seed: 1)
        _ = model(Tensor.randomUniform([2, 3, 6, 6], rng: &rng))
        XCTAssertNotEqual(model.stateDict()["trunk.0.rcb.1.running_mean"]!.toArray(), before)
        model.eval()
        let frozen = model.stateDict()["trunk.0.rcb.1.running_mean"]!.toArray()
        _ = model(Tensor.randomUniform([2, 3, 6, 6], rng: &rng))
        XCTAssertEqual(model.stateDict()["trunk.0.rcb.1.running_mean"]!.toArray(), frozen)
    }
}

/// A state dict saved by PyTorch as is (BatchNorm's I64 `num_batches_tracked` included, as in a converted
/// public checkpoint) loads strictly and gives PyTorch's eval-mode output.
final class SRResNetPyTorchStateDictTests: XCTestCase {
    func testLoadsStrictlyWithNumBatchesTracked() throws {
        let url = Fixtures.folder("nn").appendingPathComponent("srresnet_pytorch_state_dict.safetensors")
        let file = try SafeTensorsFile(contentsOf: url)
        XCTAssertTrue(file.names.contains("conv2.1.num_batches_tracked"))
        let model = SRResNet(blocks: 1, channels: 8, upscale: 4)
        // The io.* tensors are not model keys: the model part is every key outside "io.".
        try Checkpoint.load(from: url, modules: ["": model], skipping: ["io"], strict: true)
        model.eval()
        let y = model(try Tensor(file, "io.x"))
        let c = Fixtures.compare(y.toArray(), try file.floats("io.y"))
        print(String(format: "SRResNet from a PyTorch state_dict: max|diff| %.3g (bound %.3g)", c.maxDiff, c.bound))
        XCTAssertTrue(c.ok, "output differs from PyTorch by \(c.maxDiff) > \(c.bound)")
        // Without the rule for num_batches_tracked, these would be unexpected keys.
        var rng = RNG(seed: 0)
        XCTAssertThrowsError(try Linear(inputFeatures: 1, outputFeatures: 1, rng: &rng).load(file, prefix: "conv2.1.", strict: true)) {
            XCTAssertTrue("\($0)".contains("num_batches_tracked"), "\($0)")
        }
    }
}
