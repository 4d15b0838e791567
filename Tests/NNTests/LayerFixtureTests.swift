// Layers against the PyTorch op fixtures, through the layer classes (weights loaded by key):
// Conv2d, Linear, BatchNorm2d (train: output and running statistics; eval), PReLU, PixelShuffle.

import Foundation
import XCTest
import FixtureSupport
import NN
import SafeTensors
import Tensors

final class LayerFixtureTests: XCTestCase {
    /// Every op fixture whose metadata names `op` (any count, any seed, any shapes: each test takes its sizes from
    /// the file). None is a failure, never a skip.
    func fixtures(op: String, file: StaticString = #filePath, line: UInt = #line) throws -> [(String, SafeTensorsFile)] {
        let found = try Fixtures.files(in: "ops").map { ($0.deletingPathExtension().lastPathComponent, try SafeTensorsFile(contentsOf: $0)) }
            .filter { $0.1.metadata["op"] == op }
        XCTAssertFalse(found.isEmpty, "no \(op) fixture in \(Fixtures.folder("ops").path)", file: file, line: line)
        return found
    }

    func check(_ name: String, _ ours: Tensor, _ file: SafeTensorsFile, _ reference: String = "y") throws {
        XCTAssertEqual(ours.shape, try file.shape(reference), "\(name) \(reference)")
        let c = Fixtures.compare(ours.toArray(), try file.floats(reference))
        print(String(format: "%@ %@: max|diff| %.3g (bound %.3g)", name, reference, c.maxDiff, c.bound))
        XCTAssertTrue(c.ok, "\(name): \(reference) differs from PyTorch by \(c.maxDiff) > \(c.bound)")
    }

    func testConvolutionAndLinear() throws {
        var rng = RNG(seed: 0)
        for (name, f) in try fixtures(op: "conv2d") {
            let w = try f.shape("w"), x = try f.shape("x")   // w (O, C/groups, k, k), x (N, C, H, W)
            XCTAssertEqual(w[2], w[3], "\(name): the Conv2d layer has square kernels")
            let conv = Conv2d(inputChannels: x[1], outputChannels: w[0], kernelSize: w[2], stride: Int(f.metadata["stride"] ?? "1")!,
                              padding: Int(f.metadata["padding"] ?? "0")!, groups: Int(f.metadata["groups"] ?? "1")!, rng: &rng)
            try conv.load(["weight": try Tensor(f, "w"), "bias": try Tensor(f, "b")])
            try check(name, conv(try Tensor(f, "x")), f)
        }
        for (name, f) in try fixtures(op: "linear") {
            let w = try f.shape("w")   // (out, in)
            let linear = Linear(inputFeatures: w[1], outputFeatures: w[0], rng: &rng)
            try linear.load(["weight": try Tensor(f, "w"), "bias": try Tensor(f, "b")])
            try check(name, linear(try Tensor(f, "x")), f)
        }
    }

    func testBatchNormTrainAndEval() throws {
        for (name, f) in try fixtures(op: "batch_norm") {
            let bn = BatchNorm2d(channels: try f.shape("w")[0], momentum: Float(f.metadata["momentum"] ?? "0.1")!, eps: Float(f.metadata["eps"]!)!)
            try bn.load(["weight": try Tensor(f, "w"), "bias": try Tensor(f, "b"),
                         "running_mean": try Tensor(f, "running_mean"), "running_var": try Tensor(f, "running_var")])
            let training = f.metadata["training"] == "true"
            bn.train(training)
            try check(name, bn(try Tensor(f, "x")), f)
            if training {
                try check(name, bn.runningMean.value, f, "running_mean_after")
                try check(name, bn.runningVar.value, f, "running_var_after")
            } else {
                XCTAssertEqual(bn.runningMean.value.toArray(), try f.floats("running_mean"), "eval mode keeps the statistics")
            }
        }
    }

    func testPReLUAndPixelShuffle() throws {
        for (name, f) in try fixtures(op: "prelu") {
            let prelu = PReLU(count: try f.shape("w")[0])
            try prelu.load(["weight": try Tensor(f, "w")])
            try check(name, prelu(try Tensor(f, "x")), f)
        }
        for (name, s) in try fixtures(op: "pixel_shuffle") {
            try check(name, PixelShuffle(Int(s.metadata["factor"]!)!)(try Tensor(s, "x")), s)
        }
    }

    func testEqualizedLearningRate() {
        var rng = RNG(seed: 4)
        let conv = Conv2d(inputChannels: 8, outputChannels: 16, kernelSize: 3, padding: 1, equalized: .he, rng: &rng)
        XCTAssertEqual(conv.weightScale, Float(2).squareRoot() / Float(72).squareRoot(), accuracy: 1e-7)
        XCTAssertEqual(conv.namedParameters().map(\.0), ["weight", "bias"], "the scale is not a parameter")
        XCTAssertEqual(conv.bias!.value.toArray(), [Float](repeating: 0, count: 16))
        let w = conv.weight.value.toArray()
        let mean = w.reduce(0, +) / Float(w.count)
        let std = (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(w.count)).squareRoot()
        XCTAssertEqual(std, 1, accuracy: 0.05, "weights drawn from N(0, 1)")
        // The run-time scale: the layer equals a plain convolution with the scaled weight.
        let x = Tensor.randomNormal([2, 8, 5, 5], rng: &rng)
        let plain = Tensor.conv2d(x, weight: conv.weight.value * conv.weightScale, bias: conv.bias!.value, padding: 1)
        XCTAssertEqual(conv(x).toArray(), plain.toArray())
        // …and the gradient reaches the unscaled parameter multiplied by the scale.
        let (_, g) = valueAndGrad(model: conv) { conv(x).sum() }
        let gPlain = grad(of: Tensor.conv2d(x, weight: conv.weight.value * conv.weightScale, padding: 1).sum(), wrt: [conv.weight.value])[0]
        XCTAssertTrue(Fixtures.compare(g["weight"]!.toArray(), gPlain.toArray(), tolerance: 1e-6).ok)

        let linear = Linear(inputFeatures: 32, outputFeatures: 1, equalized: EqualizedLR(gain: 1), rng: &rng)
        XCTAssertEqual(linear.weightScale, 1 / Float(32).squareRoot(), accuracy: 1e-7)
    }

    func testSeparableConvolution() {
        var rng = RNG(seed: 5)
        let sep = SeparableConv2d(inputChannels: 4, outputChannels: 6, equalized: .he, rng: &rng)
        XCTAssertEqual(sep.namedParameters().map { "\($0.0) \($0.1.shape)" },
                       ["depthwise.weight [4, 1, 3, 3]", "pointwise.weight [6, 4, 1, 1]", "pointwise.bias [6]"])
        XCTAssertEqual(sep.depthwise.weightScale, 1 / Float(3), accuracy: 1e-7, "linear: gain 1")
        XCTAssertEqual(sep.pointwise.weightScale, Float(2).squareRoot() / 2, accuracy: 1e-7)
        let x = Tensor.randomNormal([1, 4, 6, 6], rng: &rng)
        let reference = Tensor.conv2d(Tensor.conv2d(x, weight: sep.depthwise.effectiveWeight, padding: 1, groups: 4),
                                      weight: sep.pointwise.effectiveWeight, bias: sep.pointwise.bias!.value)
        XCTAssertEqual(sep(x).shape, [1, 6, 6, 6])
        XCTAssertEqual(sep(x).toArray(), reference.toArray())
    }
}
