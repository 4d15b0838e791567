// progan-sr bench train-step through the binary: a stabilise step and a fade-in step (--alpha) of a tiny network,
// each reported as a line for people and a JSON line for compare.py, the fade-in weight and the thread count in both.

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

    /// The worker count follows the CPU affinity a user gives (`taskset`), and $PROGANSR_THREADS overrides it.
    func testThreadCountFollowsTheCPUAffinityAndTheEnvironment() throws {
        let scratch = ScratchFolder("bench-train-step-threads")
        let binary = try ProGANSRBinary()
        let tiny = ["bench", "train-step", "--res", "8", "--latent", "16", "--fmap-base", "32", "--fmap-max", "16",
                    "--batch", "4", "--steps", "1"]
        func threads(_ r: ProGANSRBinary.Result) throws -> Int? {
            XCTAssertEqual(r.status, 0, r.description)
            let line = try XCTUnwrap(r.stdout.split(separator: "\n").last, r.description)
            return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["threads"] as? Int
        }
        // One CPU of those this test may run on.
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let allowed = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") })
        let cpu = try XCTUnwrap(allowed.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces)
            .split(whereSeparator: { $0 == "," || $0 == "-" }).first.map(String.init))
        let pinned = try ProGANSRBinary(url: URL(fileURLWithPath: "/usr/bin/taskset"))
            .run(["-c", cpu, binary.url.path] + tiny, in: scratch.url, timeout: 120)
        XCTAssertEqual(try threads(pinned), 1)
        XCTAssertTrue(pinned.stdout.contains(", 1 threads"), pinned.description)
        XCTAssertEqual(try threads(binary.run(tiny, in: scratch.url, environment: ["PROGANSR_THREADS": "3"], timeout: 120)), 3)
    }
}
