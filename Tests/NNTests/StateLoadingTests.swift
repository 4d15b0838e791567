// load(strict:): one error listing every problem; non-strict loads what matches and reports the rest.

import XCTest
import NN
import Tensors

final class StateLoadingTests: XCTestCase {
    func makeToy(seed: UInt64) -> Toy {
        var rng = RNG(seed: seed)
        return Toy(rng: &rng)
    }

    func testRoundTripThroughAStateDict() throws {
        let a = makeToy(seed: 1), b = makeToy(seed: 2)
        XCTAssertNotEqual(a.stateDict()["blocks.0.weight"]!.toArray(), b.stateDict()["blocks.0.weight"]!.toArray())
        let report = try b.load(a.stateDict(), strict: true)
        XCTAssertTrue(report.isExact)
        for (key, t) in a.namedState() { XCTAssertEqual(b.stateDict()[key]!.toArray(), t.toArray(), key) }
        XCTAssertTrue(b.namedParameters().allSatisfy { $0.1.value.requiresGrad }, "loaded parameters stay trainable")
    }

    func testStrictLoadListsEveryProblemAndLoadsNothing() {
        let a = makeToy(seed: 1), b = makeToy(seed: 2)
        var tampered = a.stateDict()
        tampered["blocks.0.bias"] = nil                                  // missing
        tampered["running_stat"] = nil                                   // missing (a buffer)
        tampered["blocks.2.weight"] = Tensor.zeros([2, 2, 1, 1])         // unexpected
        tampered["head.1.num_batches_tracked"] = Tensor.zeros([])        // PyTorch's, ignored
        tampered["fc_out.weight"] = Tensor.zeros([2, 8])                 // shape mismatch
        tampered["head.1.running_var"] = Tensor.ones([3])                // shape mismatch (a buffer)
        let before = b.namedState().map { $0.1.toArray() }
        XCTAssertThrowsError(try b.load(tampered, strict: true)) { error in
            guard case let ModuleLoadError.stateDictMismatch(_, _, report) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(report.missing, ["blocks.0.bias", "running_stat"])
            XCTAssertEqual(report.unexpected, ["blocks.2.weight"])
            XCTAssertEqual(report.shapeMismatches, [
                ShapeMismatch(key: "fc_out.weight", expected: [1, 8], found: [2, 8]),
                ShapeMismatch(key: "head.1.running_var", expected: [2], found: [3]),
            ])
            let message = "\(error)"
            for key in ["blocks.0.bias", "running_stat", "blocks.2.weight", "fc_out.weight", "head.1.running_var"] {
                XCTAssertTrue(message.contains(key), "the message names \(key):\n\(message)")
            }
            print(message)
        }
        XCTAssertEqual(b.namedState().map { $0.1.toArray() }, before, "a failed strict load changes nothing")
    }

    func testNonStrictLoadTakesWhatMatches() throws {
        let a = makeToy(seed: 1), b = makeToy(seed: 2)
        var partial = a.stateDict()
        partial["blocks.0.bias"] = nil
        partial["fc_out.weight"] = Tensor.zeros([2, 8])
        partial["extra"] = Tensor.zeros([1])
        let oldBias = b.stateDict()["blocks.0.bias"]!.toArray()
        let oldFc = b.stateDict()["fc_out.weight"]!.toArray()
        let report = try b.load(partial, strict: false)
        XCTAssertEqual(report.missing, ["blocks.0.bias"])
        XCTAssertEqual(report.unexpected, ["extra"])
        XCTAssertEqual(report.shapeMismatches.map(\.key), ["fc_out.weight"])
        XCTAssertEqual(b.stateDict()["blocks.0.bias"]!.toArray(), oldBias)
        XCTAssertEqual(b.stateDict()["fc_out.weight"]!.toArray(), oldFc)
        XCTAssertEqual(b.stateDict()["blocks.1.weight"]!.toArray(), a.stateDict()["blocks.1.weight"]!.toArray())
        XCTAssertEqual(b.stateDict()["head.1.running_mean"]!.toArray(), a.stateDict()["head.1.running_mean"]!.toArray())
    }
}
