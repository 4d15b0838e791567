// One training step of SRResNet against PyTorch (Tests/Fixtures/nn/srresnet_train_step.safetensors,
// made by make_nn_fixtures.py): training-mode forward (BatchNorm on batch statistics), MSE loss, the
// gradient of every parameter, then one Adam step: every parameter and running statistic afterwards.

import Foundation
import XCTest
import FixtureSupport
import NN
import SafeTensors
import SRGAN
import Tensors

final class SRResNetTrainingTests: XCTestCase {
    func testOneAdamStepMatchesPyTorch() throws {
        let url = Fixtures.folder("nn").appendingPathComponent("srresnet_train_step.safetensors")
        let file = try SafeTensorsFile(contentsOf: url)
        let model = SRResNet(blocks: Int(file.metadata["blocks"]!)!, channels: Int(file.metadata["channels"]!)!,
                             upscale: Int(file.metadata["upscale"]!)!)
        try model.load(file, prefix: "before.", strict: true)
        model.train()

        let (x, target) = (try Tensor(file, "x"), try Tensor(file, "target"))
        var y: Tensor?
        let (loss, gradients) = valueAndGrad(model: model) {
            y = model(x)
            return Tensor.mse(y!, target)
        }
        var worst: (String, Float) = ("", 0)
        var checked = 0
        func check(_ name: String, _ ours: Tensor) throws {
            checked += 1
            XCTAssertEqual(ours.shape, try file.shape(name), name)
            let c = Fixtures.compare(ours.toArray(), try file.floats(name))
            if c.maxDiff / c.bound > worst.1 { worst = (name, c.maxDiff / c.bound) }
            XCTAssertTrue(c.ok, "\(name) differs from PyTorch by \(c.maxDiff) > \(c.bound)")
        }
        try check("y", y!)
        try check("loss", loss.reshaped([1]))
        XCTAssertEqual(Set(gradients.keys), Set(file.names.filter { $0.hasPrefix("grad.") }.map { String($0.dropFirst(5)) }))
        for (key, g) in gradients { try check("grad." + key, g) }

        let adam = Adam(lr: Float(file.metadata["lr"]!)!)
        adam.update(model: model, gradients: gradients)
        let after = file.names.filter { $0.hasPrefix("after.") }
        XCTAssertEqual(Set(after.map { String($0.dropFirst(6)) }), Set(model.stateDict().keys))
        for (key, t) in model.namedState() { try check("after." + key, t) }
        print(String(format: "SRResNet train step: %d tensors checked, worst %@ at %.2f of its bound", checked, worst.0, worst.1))
    }

    func testAdamWithWeightDecayMatchesPyTorch() throws {
        let url = Fixtures.folder("nn").appendingPathComponent("adam_weight_decay.safetensors")
        let file = try SafeTensorsFile(contentsOf: url)
        let m = { (k: String) in Float(file.metadata[k]!)! }
        let adam = Adam(lr: m("lr"), beta1: m("beta1"), beta2: m("beta2"), eps: m("eps"), weightDecay: m("weight_decay"))
        let p = Parameter(try Tensor(file, "p"))
        for i in 0..<Int(m("steps")) { adam.update([("p", p)], gradients: ["p": try Tensor(file, "g\(i)")]) }
        let c = Fixtures.compare(p.value.toArray(), try file.floats("p_after"))
        print(String(format: "Adam with weight decay: max|diff| %.3g (bound %.3g)", c.maxDiff, c.bound))
        XCTAssertTrue(c.ok, "p_after differs from PyTorch by \(c.maxDiff) > \(c.bound)")
    }
}
