// progan-sr bench train-step through the binary: a stabilise step and a fade-in step (--alpha) of a tiny network,
// each reported as a line for people and a JSON line for compare.py, the fade-in weight in both.

import Foundation
import XCTest

final class BenchTrainStepTests: XCTestCase {
    func testStabiliseAndFadeInStepsAreTimedAndReported() throws {
        let scratch = ScratchFolder("bench-train-step")
        let binary = try ProGANSRBinary()
        for alpha in [1.0, 0.25] {
            let r = try binary.run(["bench", "train-step", "--res", "16", "--latent", "16", "--fmap-base", "32", "--fmap-max", "16",
                                    "--batch", "4", "--steps", "2", "--alpha", String(alpha)], in: scratch.url, timeout: 120)
            XCTAssertEqual(r.status, 0, r.description)
            let lines = r.stdout.split(separator: "\n")
            XCTAssertEqual(lines.count, 2, r.description)
            XCTAssertEqual(lines[0].contains("fade-in α 0.25"), alpha < 1, r.description)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
            XCTAssertEqual(json["alpha"] as? Double, alpha)
            XCTAssertEqual(json["res"] as? Int, 16)
            XCTAssertGreaterThan(json["step_s"] as? Double ?? 0, 0)
        }
    }
}
