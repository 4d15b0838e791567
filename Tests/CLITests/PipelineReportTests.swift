// The pipeline's cost report, as a user reads it in report.txt: training times are labelled as the wall time from
// the runs' logs, the ProGAN figure as an estimate from timed steps, and a stage whose log is missing is "unknown" —
// never 0 s, which would make the two stages look cheaper and "saved" larger than they are.

import Foundation
import Imaging
import XCTest

final class PipelineReportTests: XCTestCase {
    func testAMissingLogIsUnknownAndNoSavingIsClaimed() throws {
        let scratch = ScratchFolder("pipeline-report")
        let f = try CLIFixtures(folder: scratch.url)
        try f.photos("photos", count: 40)
        try f.succeed(["prepare", "photos", "--out", "data16", "--resolution", "16"])
        let stage1 = try f.stageOne("s1", data: "data16", resolution: 16)
        let stage2 = try f.stageTwo("s2", data: "photos")
        let common = ["pipeline", "--stage1", stage1, "--stage2", stage2, "--real", "data16", "--count", "8", "--msssim-pairs", "10"]

        try f.succeed(common + ["--out", "with-logs"])
        let measured = try String(contentsOfFile: f.path("with-logs/report.txt"), encoding: .utf8)
        XCTAssertTrue(measured.contains("(wall time, from its log.jsonl)"), measured)
        XCTAssertTrue(measured.contains("(estimated:") && measured.contains("the mean of 20 timed steps on real images"), measured)
        XCTAssertTrue(measured.contains("saved") && measured.contains("extrapolated"), measured)
        XCTAssertTrue(measured.contains("reals: 16 of \(try Dataset(folder: URL(fileURLWithPath: f.path("data16"))).count), a seeded random subset in two disjoint halves") && measured.contains("mirrored at random"), measured)

        try FileManager.default.removeItem(atPath: stage2 + "/log.jsonl")
        try f.succeed(common + ["--out", "without-log"])
        let report = try String(contentsOfFile: f.path("without-log/report.txt"), encoding: .utf8)
        XCTAssertTrue(report.contains("stage two trained for                  unknown"), report)
        XCTAssertTrue(report.contains("no saving is claimed") && !report.contains("saved"), report)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.path("without-log/report.json")))) as? [String: Any])
        let cost = try XCTUnwrap(json["cost"] as? [String: Any])
        XCTAssertNil(cost["stageTwo"], "unknown is absent (null), not 0: \(cost)")
        XCTAssertEqual((cost["stageOne"] as? [String: Any])?["measure"] as? String, "wall time")
    }
}
