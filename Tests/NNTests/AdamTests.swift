// Adam against PyTorch: the ops fixture adam_0 (three steps with the gradients g0, g1, g2) through the
// optimiser class; reset; state round trip.

import Foundation
import XCTest
import FixtureSupport
import NN
import SafeTensors
import Tensors

final class AdamTests: XCTestCase {
    func testThreeStepsMatchPyTorch() throws {
        let files = Fixtures.files(in: "ops").filter { $0.lastPathComponent.hasPrefix("adam") }
        XCTAssertFalse(files.isEmpty, "no adam fixture in \(Fixtures.folder("ops").path)")
        for url in files {
            let file = try SafeTensorsFile(contentsOf: url)
            func meta(_ key: String) throws -> Float {
                guard let v = file.metadata[key].flatMap(Float.init) else { throw CocoaError(.coderValueNotFound, userInfo: [NSDebugDescriptionErrorKey: "\(url.lastPathComponent): metadata \(key)"]) }
                return v
            }
            let adam = Adam(lr: try meta("lr"), beta1: try meta("beta1"), beta2: try meta("beta2"), eps: try meta("eps"))
            let p = Parameter(try Tensor(file, "p"))
            let steps = Int(try meta("steps"))
            for i in 0..<steps { adam.update([("p", p)], gradients: ["p": try Tensor(file, "g\(i)")]) }
            XCTAssertEqual(adam.states["p"]?.step, steps)
            XCTAssertTrue(p.value.requiresGrad, "an updated parameter stays trainable")
            let c = Fixtures.compare(p.value.toArray(), try file.floats("p_after"))
            print(String(format: "%@: p after %d Adam steps, max|diff| %.3g (bound %.3g)", url.lastPathComponent, steps, c.maxDiff, c.bound))
            XCTAssertTrue(c.ok, "\(url.lastPathComponent): p_after differs from PyTorch by \(c.maxDiff) > \(c.bound)")
        }
    }

    func testResetForgetsTheMoments() {
        let adam = Adam(lr: 0.1)
        let p = Parameter(Tensor.zeros([2]))
        adam.update([("p", p)], gradients: ["p": Tensor(shape: [2], data: [1, -1])])
        // The first step of Adam moves every coordinate by lr·sign(g) (bias correction makes m̂/√v̂ = ±1).
        XCTAssertEqual(p.value.toArray().map { ($0 * 1e4).rounded() / 1e4 }, [-0.1, 0.1])
        adam.update([("p", p)], gradients: ["p": Tensor(shape: [2], data: [1, -1])])
        XCTAssertEqual(adam.states["p"]?.step, 2)
        adam.reset()
        XCTAssertTrue(adam.states.isEmpty)
        let before = p.value.toArray()
        adam.update([("p", p)], gradients: ["p": Tensor(shape: [2], data: [0.001, -5])])
        XCTAssertEqual(adam.states["p"]?.step, 1)
        XCTAssertEqual(zip(p.value.toArray(), before).map { (($0 - $1) * 1e4).rounded() / 1e4 }, [-0.1, 0.1])
    }

    func testParametersWithoutGradientsAreLeftAlone() {
        let adam = Adam(lr: 0.1)
        let (a, b) = (Parameter(Tensor.ones([1])), Parameter(Tensor.ones([1])))
        adam.update([("a", a), ("b", b)], gradients: ["a": Tensor.ones([1])])
        XCTAssertNotEqual(a.value.item(), 1)
        XCTAssertEqual(b.value.item(), 1)
        XCTAssertNil(adam.states["b"])
    }

    func testStateDictRoundTripAndErrors() throws {
        let adam = Adam(lr: 0.01)
        let p = Parameter(Tensor(shape: [3], data: [1, 2, 3]))
        for g in [[0.5, -1, 2], [1, 1, -3]] as [[Float]] { adam.update([("w", p)], gradients: ["w": Tensor(shape: [3], data: g)]) }
        let restored = Adam(lr: 0.01)
        try restored.load(adam.stateDict())
        XCTAssertEqual(restored.states["w"]?.step, 2)
        XCTAssertEqual(restored.states["w"]?.m.toArray(), adam.states["w"]?.m.toArray())
        XCTAssertEqual(restored.states["w"]?.v.toArray(), adam.states["w"]?.v.toArray())

        var incomplete = adam.stateDict()
        incomplete["w.exp_avg_sq"] = nil
        XCTAssertThrowsError(try restored.load(incomplete)) { XCTAssertTrue("\($0)".contains("w.exp_avg_sq"), "\($0)") }
        var foreign = adam.stateDict()
        foreign["w.momentum_buffer"] = Tensor.zeros([3])
        XCTAssertThrowsError(try restored.load(foreign)) { XCTAssertTrue("\($0)".contains("w.momentum_buffer"), "\($0)") }
        XCTAssertEqual(restored.states["w"]?.step, 2, "a failed load leaves the state as it was")
    }
}
