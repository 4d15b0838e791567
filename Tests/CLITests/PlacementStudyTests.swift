// progan-sr study separable-placement through the binary, on a tiny preset (to 16 px, a few seconds per mode):
// the plan written before training, each mode's run, SWD over the seeds asked, the curve and the plot; run
// again, nothing is trained again and the numbers are the same; another budget in the same folder is refused.

import Foundation
import XCTest

final class PlacementStudyTests: XCTestCase {
    func testPlacementStudyEndToEndAndAgain() throws {
        let scratch = ScratchFolder("placement")
        let f = try CLIFixtures(folder: scratch.url)
        try f.photos("photos", count: 40)
        try f.succeed(["prepare", "photos", "--out", "data16", "--resolution", "16"])
        let preset = try f.preset("tiny.json", """
            {"latentSize": 16, "fmapBase": 32, "fmapMax": 16, "targetResolution": 16, "phaseImages": {"4": 64, "8": 64, "16": 64},
             "totalImages": 200000, "minibatchDefault": 8, "gridColumns": 2, "gridRows": 2}
            """)
        let command = ["study", "separable-placement", "--preset", preset, "--minutes", "0.03", "--modes", "none,both",
                       "--data", "data16", "--out", "study", "--repeats", "2", "--timed-steps", "2"]
        let first = try f.succeed(command)
        XCTAssertTrue(first.stdout.contains("SWD 16 px"), first.description)

        let plan = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.path("study/placement-plan.json")))) as? [String: Any])
        let planned = try XCTUnwrap(plan["modes"] as? [[String: Any]])
        var scheduled: [String: Int] = [:]
        XCTAssertEqual(planned.map { $0["separable"] as? String }, ["none", "both"])
        for mode in planned {
            // Each mode's schedule was timed at every resolution and scaled to the budget (1.8 s).
            XCTAssertEqual((mode["secondsPerStep"] as? [String: Double]).map { Set($0.keys) }, ["4", "8", "16"])
            let estimated = try XCTUnwrap(mode["estimatedSeconds"] as? Double)
            XCTAssertEqual(estimated, 1.8, accuracy: 0.5, "\(mode)")
            // The run trained that schedule.
            let name = mode["separable"] as! String
            let config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.path("study/separable-\(name)/config.json")))) as? [String: Any])
            XCTAssertEqual(config["separable"] as? String, name)
            XCTAssertEqual(config["phaseImages"] as? [String: Int], mode["phaseImages"] as? [String: Int])
            // 4 px has one phase, the others two: the images the run must train, and no more (checked below).
            let phases = try XCTUnwrap(mode["phaseImages"] as? [String: Int])
            scheduled[name] = phases.reduce(0) { $0 + ($1.key == "4" ? 1 : 2) * $1.value }
        }

        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.path("study/placement.json")))) as? [String: Any])
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.path("data16/manifest.json")))) as? [String: Any])
        let reals = try XCTUnwrap(manifest["count"] as? Int)
        XCTAssertEqual(report["images"] as? Int, reals, "every real image of the data set")
        XCTAssertEqual(report["seeds"] as? [Int], [1, 2])
        let runs = try XCTUnwrap(report["runs"] as? [[String: Any]])
        XCTAssertEqual(runs.map { $0["separable"] as? String }, ["none", "both"])
        for run in runs {
            let swd = try XCTUnwrap(run["swd"] as? [[String: Any]])
            XCTAssertEqual(swd.count, 2, "one result per seed")
            XCTAssertTrue(swd.allSatisfy { ($0["average"] as? Double ?? -1) > 0 && $0["resolutions"] as? [Int] == [16] }, "\(swd)")
            XCTAssertNotEqual(swd[0]["average"] as? Double, swd[1]["average"] as? Double, "two seeds, two measurements")
            XCTAssertGreaterThan(run["wallSeconds"] as? Double ?? 0, 0)
            // The preset's totalImages (far past the scaled phases) does not stretch the budget.
            XCTAssertEqual(run["images"] as? Int, scheduled[run["separable"] as? String ?? ""], "\(run)")
            let curve = try XCTUnwrap(run["curve"] as? [[String: Any]])
            XCTAssertGreaterThanOrEqual(curve.count, 2, "\(curve)")
            let seconds = curve.compactMap { $0["seconds"] as? Double }
            XCTAssertEqual(seconds, seconds.sorted())
            XCTAssertEqual(curve.last?["images"] as? Int, run["images"] as? Int, "the curve ends at the run's end")
        }
        for file in ["placement.txt", "placement-swd-vs-seconds.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: f.path("study/\(file)")), file)
        }

        // Again: the plan is reused and the finished runs are not trained again.
        let checkpoints = try FileManager.default.contentsOfDirectory(atPath: f.path("study/separable-none")).filter { $0.hasSuffix(".safetensors") }.sorted()
        try f.succeed(command)
        let again = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.path("study/placement.json")))) as? [String: Any])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: f.path("study/separable-none")).filter { $0.hasSuffix(".safetensors") }.sorted(), checkpoints)
        let swd = { (r: [String: Any]) in ((r["runs"] as? [[String: Any]]) ?? []).map { ($0["swd"] as? [[String: Any]])?.map { $0["average"] as? Double } } }
        XCTAssertEqual(swd(again), swd(report))
        XCTAssertEqual((again["runs"] as? [[String: Any]])?.map { $0["wallSeconds"] as? Double }, runs.map { $0["wallSeconds"] as? Double })

        // Another budget in the same folder: refused, naming the folder, nothing trained.
        let other = try f.binary.run(command.map { $0 == "0.03" ? "0.05" : $0 }, in: f.folder, timeout: 120)
        XCTAssertEqual(other.status, 1, other.description)
        XCTAssertTrue(other.stderr.contains("another preset or budget"), other.description)
        // Bad flags: exit 64 naming them.
        for (flag, value) in [("--minutes", "0"), ("--modes", "none,x"), ("--repeats", "0")] {
            let bad = try f.binary.run(command.map { $0 } + [flag, value], in: f.folder, timeout: 60)
            XCTAssertEqual(bad.status, 64, bad.description)
            XCTAssertTrue(bad.stderr.contains(flag), bad.description)
        }
    }
}
