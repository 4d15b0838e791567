// A NaN or an infinity in a loss or any gradient is named before an optimiser could use it, and a checkpoint
// is never written with one.

import Foundation
import NN
import Tensors
import XCTest

final class FiniteCheckTests: XCTestCase {
    func testAFiniteLossWithANonFiniteGradientIsCaughtNamingTheTensor() throws {
        let good = Tensor(shape: [3, 5], data: (0..<15).map(Float.init))
        XCTAssertNoThrow(try FiniteCheck.check(loss: 1, named: "the loss", gradients: ["a": good, "b": good], of: "net"))
        for bad: Float in [.nan, .infinity, -.infinity, 2e19] {
            var values = (0..<17).map(Float.init)
            values[16] = bad   // in the scalar tail after two SIMD blocks
            let tensor = Tensor(shape: [17], data: values)
            XCTAssertThrowsError(try FiniteCheck.check(loss: 1, named: "the loss", gradients: ["a": good, "z.weight": tensor], of: "net")) {
                XCTAssertTrue("\($0)".contains("net.z.weight"), "\($0)")
            }
            values[16] = 0; values[3] = bad
            XCTAssertEqual(Tensor(shape: [17], data: values).isAllFinite, bad == 2e19)
            XCTAssertFalse(Tensor(shape: [17], data: values).hasFiniteSquares)
        }
        XCTAssertThrowsError(try FiniteCheck.check(loss: .nan, named: "the critic loss", gradients: [:], of: "net")) {
            XCTAssertTrue("\($0)".contains("the critic loss"), "\($0)")
        }
    }

    func testACheckpointWithANonFiniteTensorIsNotWritten() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nn-finite-\(UUID().uuidString).safetensors")
        var rng = RNG(seed: 1)
        let layer = Linear(inputFeatures: 4, outputFeatures: 3, rng: &rng)
        try Checkpoint.save(layer, to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let good = try Data(contentsOf: url)
        layer.weight.value.withUnsafeBufferPointer { UnsafeMutablePointer(mutating: $0.baseAddress!)[2] = .nan }
        XCTAssertThrowsError(try Checkpoint.save(layer, to: url)) { XCTAssertTrue("\($0)".contains("weight"), "\($0)") }
        XCTAssertEqual(try Data(contentsOf: url), good, "the previous file is kept as it was")
    }
}
