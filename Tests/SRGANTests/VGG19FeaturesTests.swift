// VGG19's features against torchvision: the prefix fixture (features.0 … features.7) loaded by key;
// relu1_2 (after features.3) and relu2_2 (after features.8) with ImageNet normalisation.

import Foundation
import XCTest
import FixtureSupport
import NN
import SafeTensors
import SRGAN
import Tensors

final class VGG19FeaturesTests: XCTestCase {
    let weightsURL = Fixtures.folder("models").appendingPathComponent("vgg19_upto_relu2_2_weights.safetensors")
    let ioURL = Fixtures.folder("models").appendingPathComponent("vgg19_upto_relu2_2_io.safetensors")

    func testRelu12AndRelu22MatchTorchvision() throws {
        let vgg = VGG19Features(upTo: VGG19Features.layerIndex["relu2_2"]!)
        // Built exactly up to relu2_2, the model has the fixture's keys: a strict load.
        try vgg.load(contentsOf: weightsURL, strict: true)
        let io = try SafeTensorsFile(contentsOf: ioURL)
        let outputs = vgg(try Tensor(io, "x"), taps: [3, 8])
        for (name, ours) in zip(["relu1_2", "relu2_2"], outputs) {
            XCTAssertEqual(ours.shape, try io.shape(name), name)
            let c = Fixtures.compare(ours.toArray(), try io.floats(name))
            print(String(format: "VGG19 %@: max|diff| %.3g (bound %.3g)", name, c.maxDiff, c.bound))
            XCTAssertTrue(c.ok, "\(name) differs from torchvision by \(c.maxDiff) > \(c.bound)")
        }
    }

    func testTheFullModelLoadsThePrefixNonStrictly() throws {
        let vgg = VGG19Features(upTo: 35)
        XCTAssertEqual(vgg.namedParameters().count, 32)
        XCTAssertEqual(vgg.namedParameters().last?.0, "features.34.bias")
        let report = try vgg.load(contentsOf: weightsURL, strict: false)
        XCTAssertTrue(report.unexpected.isEmpty)
        XCTAssertTrue(report.shapeMismatches.isEmpty)
        XCTAssertEqual(report.missing.count, 24, "12 convolutions beyond features.7, weight and bias each")
        let io = try SafeTensorsFile(contentsOf: ioURL)
        let relu22 = vgg(try Tensor(io, "x"), taps: [8])[0]
        XCTAssertTrue(Fixtures.compare(relu22.toArray(), try io.floats("relu2_2")).ok)
    }

    func testFrozenFeaturesGetNoGradientForTheirWeights() {
        let vgg = VGG19Features(upTo: 8, seed: 2)
        XCTAssertTrue(vgg.trainableParameters().isEmpty)
        var rng = RNG(seed: 5)
        let x = Tensor.randomUniform([1, 3, 8, 8], rng: &rng)
        // Without an input that needs a gradient, nothing is recorded at all.
        XCTAssertFalse(vgg(x).requiresGrad)
        // Through a frozen VGG, the input still gets its gradient (a perceptual loss trains the generator).
        let xg = x.requiringGrad()
        let loss = vgg(xg).mean()
        let g = grad(of: loss, wrt: [xg])[0]
        XCTAssertGreaterThan(g.abs().sum().item(), 0)
        vgg.unfreeze()
        XCTAssertEqual(vgg.trainableParameters().count, 8)
    }
}
