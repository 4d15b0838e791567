// Conformance to PyTorch: every file of the ops fixtures folder (Tests/Fixtures/ops, or
// $PROGANSR_FIXTURES/ops) is one case; its metadata names the op and its parameters. Forward outputs
// and every gradient must match within 1e-4 · max(1, max|ref|). An op this test does not know, or a
// tensor it expects and cannot find, fails the test.

import XCTest
import Tensors
import SafeTensors
import FixtureSupport

final class OpFixtureTests: XCTestCase {
    func testEveryOpFixtureMatchesPyTorch() throws {
        let files = Fixtures.files(in: "ops")
        XCTAssertFalse(files.isEmpty, "no op fixtures found in \(Fixtures.folder("ops").path)")
        for url in files {
            do {
                let file = try SafeTensorsFile(contentsOf: url)
                let results = try OpCase(file: file).run()
                for (name, ours) in results {
                    let reference = try file.floats(name)
                    XCTAssertEqual(ours.count, reference.count, "\(url.lastPathComponent): \(name) has \(ours.count) elements, reference \(reference.count)")
                    let c = Fixtures.compare(ours.toArray(), reference)
                    print(String(format: "%-34@ %-18@ max|diff| %.3g (bound %.3g)", url.lastPathComponent as NSString, name as NSString, c.maxDiff, c.bound))
                    XCTAssertTrue(c.ok, "\(url.lastPathComponent): \(name) differs from PyTorch by \(c.maxDiff) > \(c.bound)")
                }
            } catch {
                XCTFail("\(url.lastPathComponent): \(error)")
            }
        }
    }
}

/// One fixture case: loads the inputs, runs the op and its backward, and returns our value for each
/// reference tensor of the file, keyed by the reference's name.
struct OpCase {
    let file: SafeTensorsFile

    enum CaseError: Error, CustomStringConvertible {
        case unknownOp(String), missingParameter(String)
        var description: String {
            switch self {
            case .unknownOp(let op): return "unknown op '\(op)' (add it to OpCase.run)"
            case .missingParameter(let p): return "metadata lacks the parameter '\(p)'"
            }
        }
    }

    func t(_ name: String) throws -> Tensor { Tensor(shape: try file.shape(name), data: try file.floats(name)) }
    func leaf(_ name: String) throws -> Tensor { try t(name).requiringGrad() }
    func int(_ key: String) throws -> Int {
        guard let s = file.metadata[key], let v = Int(s) else { throw CaseError.missingParameter(key) }
        return v
    }
    func float(_ key: String) throws -> Float {
        guard let s = file.metadata[key], let v = Float(s) else { throw CaseError.missingParameter(key) }
        return v
    }

    func run() throws -> [(String, Tensor)] {
        let op = file.metadata["op"] ?? "(none)"
        switch op {
        case "conv2d":
            let (x, w, b) = (try leaf("x"), try leaf("w"), try leaf("b"))
            let y = Tensor.conv2d(x, weight: w, bias: b, stride: try int("stride"), padding: try int("padding"), groups: try int("groups"))
            return try forwardAndBackward(y, ["gx": x, "gw": w, "gb": b])
        case "linear":
            let (x, w, b) = (try leaf("x"), try leaf("w"), try leaf("b"))
            return try forwardAndBackward(Tensor.linear(x, weight: w, bias: b), ["gx": x, "gw": w, "gb": b])
        case "leaky_relu": return try unary { $0.leakyRelu(slope: try float("slope")) }
        case "avg_pool2d": return try unary { $0.avgPool2d(try int("size")) }
        case "upsample_nearest": return try unary { $0.upsampleNearest(try int("scale")) }
        case "pixel_shuffle": return try unary { $0.pixelShuffle(try int("factor")) }
        case "pixel_norm": return try unary { $0.pixelNorm(eps: try float("eps")) }
        case "minibatch_stddev": return try unary { $0.minibatchStdDev(groupSize: try int("group"), eps: try float("eps")) }
        case "tanh": return try unary { $0.tanh() }
        case "sigmoid": return try unary { $0.sigmoid() }
        case "prelu":
            let (x, w) = (try leaf("x"), try leaf("w"))
            return try forwardAndBackward(Tensor.prelu(x, weight: w), ["gx": x, "gw": w])
        case "batch_norm":
            let (x, w, b) = (try leaf("x"), try leaf("w"), try leaf("b"))
            let training = file.metadata["training"] == "true"
            let bn = Tensor.batchNorm(x, weight: w, bias: b, runningMean: try t("running_mean"), runningVar: try t("running_var"),
                                      training: training, momentum: training ? try float("momentum") : 0.1, eps: try float("eps"))
            var out = try forwardAndBackward(bn.output, ["gx": x, "gw": w, "gb": b])
            if training { out += [("running_mean_after", bn.runningMean), ("running_var_after", bn.runningVar)] }
            return out
        case "bce_with_logits", "mse", "l1":
            let (x, target) = (try leaf("x"), try t("target"))
            let loss = op == "mse" ? Tensor.mse(x, target) : op == "l1" ? Tensor.l1(x, target) : Tensor.bceWithLogits(x, target)
            return [("y", loss.reshaped([1])), ("gx", grad(of: loss, wrt: [x])[0])]
        case "adam":
            let h = AdamHyperparameters(lr: try float("lr"), beta1: try float("beta1"), beta2: try float("beta2"), eps: try float("eps"))
            var p = try t("p")
            var m = Tensor.zeros(p.shape), v = Tensor.zeros(p.shape)
            for step in 1...(try int("steps")) {
                (p, m, v) = Tensor.adamUpdate(param: p, grad: try t("g\(step - 1)"), m: m, v: v, step: step, h)
            }
            return [("p_after", p)]
        case "gradient_penalty":
            return try gradientPenalty()
        default:
            throw CaseError.unknownOp(op)
        }
    }

    /// y, and the vector–Jacobian products with the fixture's gy for each named input.
    func forwardAndBackward(_ y: Tensor, _ inputs: [String: Tensor]) throws -> [(String, Tensor)] {
        let names = inputs.keys.sorted()
        let grads = vjp(of: y, seed: try t("gy"), wrt: names.map { inputs[$0]! })
        return [("y", y)] + zip(names, grads).map { ($0, $1) }
    }

    func unary(_ f: (Tensor) throws -> Tensor) throws -> [(String, Tensor)] {
        let x = try leaf("x")
        return try forwardAndBackward(try f(x), ["gx": x])
    }

    /// WGAN-GP's penalty through the fixture's chain (see ../shared/fixtures/README.md):
    /// conv3x3+b → lrelu 0.2 → depthwise3x3 → pointwise1x1+b → lrelu 0.2 → avgpool 2 → mbstd 4 → flatten → linear+b.
    func gradientPenalty() throws -> [(String, Tensor)] {
        let x = try leaf("x")
        let names = ["w1", "b1", "w2", "w3", "b3", "w4", "b4"]
        var p: [String: Tensor] = [:]
        for n in names { p[n] = try leaf(n) }
        let channels = p["w2"]!.shape[0]
        var h = Tensor.conv2d(x, weight: p["w1"]!, bias: p["b1"]!, padding: 1).leakyRelu(slope: 0.2)
        h = Tensor.conv2d(h, weight: p["w2"]!, padding: 1, groups: channels)
        h = Tensor.conv2d(h, weight: p["w3"]!, bias: p["b3"]!).leakyRelu(slope: 0.2)
        h = h.avgPool2d(2).minibatchStdDev(groupSize: 4).flattened()
        let d = Tensor.linear(h, weight: p["w4"]!, bias: p["b4"]!)
        let gradInput = grad(of: d.sum(), wrt: [x], createGraph: true)[0]
        let norms = gradInput.square().sum(axes: [1, 2, 3]).sqrt()
        let gp = (norms - 1).square().mean()
        let gParams = grad(of: gp, wrt: names.map { p[$0]! })
        return [("gp", gp.reshaped([1])), ("grad_input", gradInput)] + zip(names, gParams).map { ("g_\($0)", $1) }
    }
}
