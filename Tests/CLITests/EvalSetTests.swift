// `eval swd` and `eval msssim` on folders, through the binary: the spread over seeds (--repeats), sets too small
// for the metric refused before any image is decoded, and a folder decoded in parallel still naming its first bad
// file by name.

import Foundation
import Imaging
import XCTest

final class EvalSetTests: XCTestCase {
    /// `count` noisy `side`-px images in `name`/ (each different), from `seed`.
    func folder(_ scratch: ScratchFolder, _ name: String, count: Int, side: Int, seed: UInt64) throws -> String {
        let dir = scratch.url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var state = seed
        for i in 0..<count {
            let pixels = (0..<(side * side * 3)).map { k -> UInt8 in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: (state >> 56) / 2 + UInt64((k / 3 % side) * 128 / side))
            }
            try Image(width: side, height: side, pixels: pixels).save(to: dir.appendingPathComponent(String(format: "%04d.png", i)).path)
        }
        return dir.path
    }

    func testRepeatsReportTheSpreadOverSeeds() throws {
        let scratch = ScratchFolder("eval-repeats")
        let binary = try ProGANSRBinary()
        let a = try folder(scratch, "a", count: 24, side: 32, seed: 1), b = try folder(scratch, "b", count: 24, side: 32, seed: 2)
        let r = try binary.run(["eval", "swd", "--real", a, "--fake", b, "--repeats", "3", "--seed", "5", "--report", scratch.path("swd.json")])
        XCTAssertEqual(r.status, 0, r.description)
        XCTAssertTrue(r.stdout.contains("3 seeds from 5 (mean ± std)") && r.stdout.contains("±"), r.description)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("swd.json")))) as? [String: Any])
        XCTAssertEqual(json["seeds"] as? [Int], [5, 6, 7])
        let runs = try XCTUnwrap(json["runs"] as? [[String: Any]])
        XCTAssertEqual(runs.count, 3)
        let averages = runs.compactMap { $0["average"] as? Double }
        XCTAssertEqual(json["average"] as? Double ?? 0, averages.reduce(0, +) / 3, accuracy: 1e-9)
        XCTAssertGreaterThan(Set(averages).count, 1, "other seeds draw other patches and directions")
        let m = averages.reduce(0, +) / 3
        let std = (averages.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 2).squareRoot()
        XCTAssertEqual(json["averageStd"] as? Double ?? -1, std, accuracy: 1e-9)
        // One repeat: SWDResult's fields, no spread.
        let one = try binary.run(["eval", "swd", "--real", a, "--fake", b, "--seed", "5", "--report", scratch.path("one.json")])
        let single = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("one.json")))) as? [String: Any])
        XCTAssertEqual(single["average"] as? Double ?? 0, averages[0], accuracy: 1e-12, one.description)
        XCTAssertNil(single["averageStd"])
        let zero = try binary.run(["eval", "swd", "--real", a, "--fake", b, "--repeats", "0"])
        XCTAssertEqual(zero.status, 64, zero.description)
    }

    func testSetsBelowSixteenPixelsAreRefusedBeforeDecoding() throws {
        let scratch = ScratchFolder("eval-small")
        let binary = try ProGANSRBinary()
        let small = try folder(scratch, "small", count: 4, side: 8, seed: 3), big = try folder(scratch, "big", count: 4, side: 32, seed: 4)
        for arguments in [["eval", "swd", "--real", big, "--fake", small], ["eval", "msssim", "--images", small]] {
            let r = try binary.run(arguments + ["--report", scratch.path("r.json")])
            XCTAssertEqual(r.status, 1, r.description)
            XCTAssertTrue(r.stderr.contains(small) && r.stderr.contains("16"), r.description)
            XCTAssertFalse(r.stderr.contains("loading"), "refused before any image is decoded: \(r)")
        }
    }

    func testTheFirstBadFileByNameIsNamed() throws {
        let scratch = ScratchFolder("eval-bad")
        let binary = try ProGANSRBinary()
        let a = try folder(scratch, "a", count: 300, side: 16, seed: 5)
        for name in ["0150.png", "0290.png"] { try Data("not a png".utf8).write(to: URL(fileURLWithPath: a).appendingPathComponent(name)) }
        let r = try binary.run(["eval", "msssim", "--images", a, "--report", scratch.path("r.json")])
        XCTAssertEqual(r.status, 1, r.description)
        XCTAssertTrue(r.stderr.contains("0150.png") && !r.stderr.contains("0290.png"), r.description)
    }
}
