// A small, plain set of images of one's own — a hundred gradients and shapes of odd sizes, one flat image,
// one 3x5 image — through every command that reads images, as a user would run them: each must finish,
// use what the set has when it holds fewer images than a command's default (and say so), skip what it cannot
// use with a reason, and write reports that hold numbers (an exact round trip's PSNR is capped, not ∞).

import Foundation
import XCTest

final class SmallImageSetTests: XCTestCase {
    static var scratch: ScratchFolder!
    static var fixtures: CLIFixtures!
    static var setupError: Error?
    static let photoCount = 100

    override class func setUp() {
        scratch = ScratchFolder("small-set")
        do {
            let f = try CLIFixtures(folder: scratch.url)
            try f.photos("photos", count: photoCount)
            try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("flat"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: f.path("photos/flat.png"), toPath: f.path("flat/flat.png"))
            fixtures = f
        } catch { setupError = error }
    }

    override class func tearDown() { scratch = nil }

    func fixturesOrThrow() throws -> CLIFixtures {
        if let error = Self.setupError { throw error }
        return try XCTUnwrap(Self.fixtures)
    }

    func json(_ path: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any], path)
    }

    /// The data set (prepare skips the 3x5 image and says why), then SWD and MS-SSIM on it and on the folder.
    func testPrepareAndEvaluateASmallSet() throws {
        let f = try fixturesOrThrow()
        let prepared = try f.succeed(["prepare", "photos", "--out", "data", "--resolution", "16"])
        XCTAssertTrue(prepared.stdout.contains("\(Self.photoCount + 1) images"), "\(prepared)")
        XCTAssertTrue(prepared.stdout.contains("tiny.png"), "the skipped file is named:\n\(prepared)")

        // Fewer images than the protocol's 16,384: all of the smaller set, said so.
        let swd = try f.succeed(["eval", "swd", "--real", "data", "--fake", "photos", "--resolution", "16", "--report", "swd.json"])
        XCTAssertTrue(swd.stdout.contains("using \(Self.photoCount + 1) images per set"), "\(swd)")
        XCTAssertEqual(try json(f.path("swd.json"))["images"] as? Int, Self.photoCount + 1)

        let ms = try f.succeed(["eval", "msssim", "--images", "photos", "--resolution", "16", "--pairs", "200", "--report", "ms.json"])
        let report = try json(f.path("ms.json"))
        XCTAssertEqual(report["images"] as? Int, Self.photoCount + 2, "\(ms)")
        let score = try XCTUnwrap(report["msssim"] as? Double)
        XCTAssertTrue(score > 0 && score < 1, "\(score)")
    }

    /// A flat image's exact round trip: PSNR is the documented cap, in the table and in the JSON.
    func testFlatImagesScoreTheCappedPSNR() throws {
        let f = try fixturesOrThrow()
        let r = try f.succeed(["compare-downsampling", "flat", "--to", "16", "--kernels", "bicubic,box", "--repeat", "1", "--out", "cmp-flat"])
        let results = try XCTUnwrap(try json(f.path("cmp-flat/downsampling.json"))["results"] as? [[String: Any]], "\(r)")
        XCTAssertEqual(results.compactMap { $0["psnrY"] as? Double }, [100, 100], "\(r)")

        try f.succeed(["compare-downsampling", "photos", "--to", "16", "--kernels", "bicubic,lanczos3", "--repeat", "1", "--out", "cmp"])
        let mixed = try XCTUnwrap(try json(f.path("cmp/downsampling.json"))["results"] as? [[String: Any]])
        XCTAssertTrue(mixed.allSatisfy { ($0["psnrY"] as? Double).map { $0 > 10 && $0 < 100 } ?? false }, "\(mixed)")

        try f.succeed(["eval", "sr", "--output", "flat", "--truth", "flat", "--report", "sr.json"])
        let mean = try XCTUnwrap(try json(f.path("sr.json"))["mean"] as? [String: Any])
        XCTAssertEqual(mean["psnrY"] as? Double, 100)
    }

    /// Stage two on the folder (a share held out, the 3x5 image skipped, the flat one held out and scored), and
    /// the pipeline against a real set smaller than 2 × --count.
    func testStageTwoAndThePipelineOnASmallSet() throws {
        let f = try fixturesOrThrow()
        try f.succeed(["prepare", "photos", "--out", "data16", "--resolution", "16"])
        let stage1 = try f.stageOne("s1", data: "data16", resolution: 16)
        let trained = try f.succeed(["train-srgan", "--data", "photos", "--preset", try f.preset("s2.json", """
            {"blocks": 1, "channels": 8, "hrCrop": 16, "batchSize": 2, "phase1Steps": 3, "phase2Steps": 2,
             "discriminatorChannels": 4, "discriminatorDense": 8, "checkpointEverySteps": 100, "contentLoss": "mse"}
            """), "--out", "s2"])
        // 101 usable images (the 3x5 one is skipped): a tenth, 10, held out, not the preset's 64.
        XCTAssertTrue(trained.stdout.contains("91 to train on, 10 held out"), "\(trained)")
        XCTAssertTrue(trained.stdout.contains("tiny.png"), "\(trained)")
        // The flat image sorts first and is held out: bicubic restores it exactly, which scored ∞ and stopped the
        // write of scores.json.
        let bicubic = try XCTUnwrap(try json(f.path("s2/scores.json"))["bicubic"] as? [String: Any], "\(trained)")
        XCTAssertTrue((bicubic["psnr_y"] as? Double).map { $0 > 0 && $0 <= 100 } ?? false, "\(bicubic)")

        // 101 real images, 64 asked for: the metrics use 50 per set and say so.
        let r = try f.succeed(["pipeline", "--stage1", stage1, "--stage2", "s2", "--real", "data16", "--count", "64",
                               "--msssim-pairs", "100", "--no-cost", "--out", "pipe"])
        XCTAssertTrue(r.stdout.contains("on 50 images per set"), "\(r)")
        let report = try json(f.path("pipe/report.json"))
        XCTAssertEqual(report["metricImages"] as? Int, 50)
        XCTAssertEqual(report["realAvailable"] as? Int, 101)
        XCTAssertEqual(report["realImages"] as? Int, 100, "two disjoint halves of 50")
        XCTAssertEqual((report["quality"] as? [Any])?.count, 5)   // real and stage one at 16 px; real, bicubic and SRGAN at 64
    }
}
