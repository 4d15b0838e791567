// progan-sr bench train-speed through the binary: the paper's Fig. 2 on a tiny network, standard and separable each
// trained --images-per-phase images per phase and no more, whatever total the preset sets (the demo preset trains
// its last resolution on to totalImages, which would turn a one-minute benchmark into a full training).

import Foundation
import XCTest

final class BenchTrainSpeedTests: XCTestCase {
    func testEachModeTrainsExactlyThePhasesAskedForAndIsReported() throws {
        let scratch = ScratchFolder("bench-train-speed")
        let f = try CLIFixtures(folder: scratch.url)
        try f.photos("photos", count: 24)
        try f.succeed(["prepare", "photos", "--out", "data8", "--resolution", "8"])
        let perPhase = 16
        let preset = try f.preset("tiny.json", """
            {"latentSize": 16, "fmapBase": 32, "fmapMax": 16, "targetResolution": 8, "phaseImages": {"4": 64, "8": 64},
             "totalImages": 4000, "minibatchDefault": 8}
            """)
        let r = try f.succeed(["bench", "train-speed", "--preset", preset, "--target-resolution", "8", "--images-per-phase",
                               String(perPhase), "--data", "data8", "--out", "speed"])
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.path("speed/train-speed.json")))) as? [String: Any], r.description)
        XCTAssertEqual(report["imagesPerPhase"] as? Int, perPhase)
        let runs = try XCTUnwrap(report["runs"] as? [[String: Any]])
        XCTAssertEqual(runs.map { $0["separable"] as? String }, ["none", "both"])
        for run in runs {
            // 4 px: one stabilise phase; 8 px: a fade-in and a stabilise phase.
            XCTAssertEqual(run["images"] as? Int, 3 * perPhase, "\(run)")
            let cumulative = try XCTUnwrap(run["cumulativeSeconds"] as? [String: Double])
            XCTAssertEqual(Set(cumulative.keys), ["4", "8"])
            XCTAssertLessThanOrEqual(cumulative["4"]!, cumulative["8"]!)
            XCTAssertEqual(cumulative["8"]!, run["totalSeconds"] as? Double ?? -1, accuracy: 1e-9)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: f.path("speed/train-speed.png")))
        XCTAssertTrue(r.stdout.contains("cumulative training seconds"), r.description)
    }
}
