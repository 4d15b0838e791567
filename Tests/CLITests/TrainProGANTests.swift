// train-progan's schedule flags through the binary: --total-images (the official total_kimg) keeps the last
// resolution training until the run has shown that many images.

import Foundation
import XCTest

final class TrainProGANTests: XCTestCase {
    static var scratch: ScratchFolder!
    static var fixtures: CLIFixtures!
    static var setupError: Error?

    override class func setUp() {
        scratch = ScratchFolder("train-progan")
        do {
            let f = try CLIFixtures(folder: scratch.url)
            try f.photos("photos", count: 24)
            try f.succeed(["prepare", "photos", "--out", "data", "--resolution", "8"])
            fixtures = f
        } catch { setupError = error }
    }

    override class func tearDown() { scratch = nil }

    func testTotalImagesTrainsTheLastResolutionOn() throws {
        if let error = Self.setupError { throw error }
        let f = try XCTUnwrap(Self.fixtures)
        let preset = try f.preset("tiny.json", """
            {"latentSize": 16, "fmapBase": 32, "fmapMax": 16, "targetResolution": 8, "phaseImages": {"4": 64, "8": 64},
             "minibatchDefault": 8, "checkpointEveryImages": 100000, "swdImages": 0, "gridColumns": 2, "gridRows": 2}
            """)
        // The phases end at 64 + 64 + 64 = 192 images; the total asks for 128 more, at 8 px full strength.
        let r = try f.succeed(["train-progan", "--data", "data", "--preset", preset, "--out", "run", "--total-images", "320"])
        XCTAssertTrue(r.stdout.contains("320 images"), "the plan must say the total: \(r)")
        let run = URL(fileURLWithPath: f.path("run"))
        XCTAssertEqual(RunFixtures.lastLoggedImages(in: run), 320)
        let last = try XCTUnwrap(String(contentsOf: run.appendingPathComponent("log.jsonl"), encoding: .utf8)
            .split(separator: "\n").last.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        XCTAssertEqual(last["resolution"] as? Int, 8)
        XCTAssertEqual(last["phase"] as? String, "stabilize")

        let config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("config.json"))) as? [String: Any])
        XCTAssertEqual(config["totalImages"] as? Int, 320)
    }
}
