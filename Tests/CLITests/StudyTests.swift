// progan-sr study two-stage through the binary, on tiny settings (R = 8, 4R = 32): the three runs, the table with
// its time column, the curves, the plot and the contact sheet; run again, it continues from the runs it finds
// (finished ones are not trained again); and a preset that cannot make the study is refused before any work.

import Foundation
import InceptionTestSupport
import XCTest

final class StudyTests: XCTestCase {
    func testTwoStageStudyEndToEndAndAgain() throws {
        let scratch = ScratchFolder("study")
        let f = try CLIFixtures(folder: scratch.url)
        try f.photos("photos", count: 40)
        try f.succeed(["prepare", "photos", "--out", "data32", "--resolution", "32"])
        let one = try f.preset("s1.json", """
            {"latentSize": 16, "fmapBase": 32, "fmapMax": 16, "targetResolution": 8, "phaseImages": {"4": 64, "8": 64},
             "minibatchDefault": 8, "checkpointEveryImages": 96, "swdImages": 0, "gridColumns": 2, "gridRows": 2}
            """)
        let two = try f.preset("s2.json", """
            {"blocks": 1, "channels": 8, "upscale": 4, "hrCrop": 16, "batchSize": 2, "phase1Steps": 4, "phase2Steps": 2,
             "discriminatorChannels": 4, "discriminatorDense": 8, "checkpointEverySteps": 2, "contentLoss": "mse", "validationImages": 4, "sheetImages": 2}
            """)
        let command = ["study", "two-stage", "--stage1-preset", one, "--stage2-preset", two, "--data", "data32", "--out", "study",
                       "--count", "8", "--msssim-pairs", "10"]
        let first = try f.succeed(command)
        XCTAssertTrue(first.stdout.contains("ProGAN to 8 px + SRGAN 4x") && first.stdout.contains("ProGAN to 32 px"), first.description)

        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.path("study/study.json")))) as? [String: Any])
        let rows = try XCTUnwrap(json["rows"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["method"] as? String },
                       ["real (the other half)", "ProGAN to 8 px + bicubic 4x", "ProGAN to 8 px + SRGAN 4x", "ProGAN to 32 px"])
        for row in rows {
            XCTAssertEqual(row["swdLevels"] as? [Int], [32, 16])
            XCTAssertTrue(((row["swdAverage"] as? Double) ?? -1) > 0, "\(row)")
        }
        XCTAssertNil(rows[0]["trainingSeconds"], "the reals took no training")
        let stageOne = try XCTUnwrap(json["stageOneSeconds"] as? Double), stageTwo = try XCTUnwrap(json["stageTwoSeconds"] as? Double)
        let full = try XCTUnwrap(json["fullSeconds"] as? Double)
        XCTAssertGreaterThan(stageOne, 0)
        XCTAssertGreaterThan(stageTwo, 0)
        XCTAssertEqual(rows[2]["trainingSeconds"] as? Double ?? 0, stageOne + stageTwo, accuracy: 1e-9)
        XCTAssertEqual(rows[3]["trainingSeconds"] as? Double, full)
        let cpu = try XCTUnwrap(json["cpuSeconds"] as? [String: Double])
        XCTAssertEqual(Set(cpu.keys), ["stage one", "stage two", "full"])
        XCTAssertTrue(cpu.values.allSatisfy { $0 > 0 }, "\(cpu)")
        // ProGAN all the way continued stage one's schedule: 32 px with 8 px's phase lengths.
        let fullConfig = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.path("study/full/config.json")))) as? [String: Any])
        XCTAssertEqual(fullConfig["targetResolution"] as? Int, 32)
        XCTAssertEqual(fullConfig["phaseImages"] as? [String: Int], ["4": 64, "8": 64, "16": 64, "32": 64])
        // The curves: stage one + bicubic, then each stage-two checkpoint (steps 2, 4, 6); every full-run checkpoint,
        // ending at 32 px; seconds rising.
        let twoStage = try XCTUnwrap(json["twoStageCurve"] as? [[String: Any]]), fullCurve = try XCTUnwrap(json["fullCurve"] as? [[String: Any]])
        XCTAssertEqual(twoStage.count, 4, "\(twoStage)")
        XCTAssertGreaterThanOrEqual(fullCurve.count, 4, "\(fullCurve)")
        XCTAssertEqual(fullCurve.last?["resolution"] as? Int, 32)
        for curve in [twoStage, fullCurve] {
            let seconds = curve.compactMap { $0["seconds"] as? Double }
            XCTAssertEqual(seconds, seconds.sorted(), "\(curve)")
        }
        for picture in ["swd-vs-seconds.png", "contact-sheet.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: f.path("study/\(picture)")), picture)
        }
        XCTAssertTrue(try String(contentsOfFile: f.path("study/study.txt"), encoding: .utf8).contains("training"))

        // Again: the finished runs are found, not trained again, and give the same times and table.
        let checkpoints = try FileManager.default.contentsOfDirectory(atPath: f.path("study/full")).filter { $0.hasSuffix(".safetensors") }.sorted()
        try f.succeed(command)
        let again = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.path("study/study.json")))) as? [String: Any])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: f.path("study/full")).filter { $0.hasSuffix(".safetensors") }.sorted(), checkpoints)
        XCTAssertEqual(again["stageOneSeconds"] as? Double, stageOne)
        XCTAssertEqual(again["stageTwoSeconds"] as? Double, stageTwo)
        XCTAssertEqual(again["fullSeconds"] as? Double, full)
        XCTAssertEqual(again["cpuSeconds"] as? [String: Double], cpu)
        XCTAssertEqual((again["rows"] as? [[String: Any]])?.map { $0["swdAverage"] as? Double }, rows.map { $0["swdAverage"] as? Double })

        // Once more with Inception weights (the conformance fixture's random ones): nothing trained, every row of the
        // table gains FID and IS, the SWDs unchanged.
        try RandomInceptionWeights.write(to: URL(fileURLWithPath: f.path("inception.safetensors")))
        let withInception = try f.succeed(command + ["--inception", "inception.safetensors"])
        XCTAssertTrue(withInception.stdout.contains("FID") && withInception.stdout.contains("Inception Score"), withInception.description)
        let scored = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.path("study/study.json")))) as? [String: Any])
        let scoredRows = try XCTUnwrap(scored["rows"] as? [[String: Any]])
        XCTAssertEqual(scoredRows.map { $0["swdAverage"] as? Double }, rows.map { $0["swdAverage"] as? Double })
        for row in scoredRows {
            XCTAssertTrue(((row["fid"] as? Double) ?? -1) > 0, "\(row)")
            XCTAssertTrue(((row["inceptionScore"] as? Double) ?? 0) >= 1 - 1e-12, "\(row)")
        }
        XCTAssertEqual(Set(scoredRows.compactMap { $0["fid"] as? Double }).count, 4, "four sets, four FIDs")
    }

    func testAStudyThatCannotBeMadeIsRefusedBeforeAnyWork() throws {
        let scratch = ScratchFolder("study-refused")
        let f = try CLIFixtures(folder: scratch.url)
        let big = try f.preset("s1.json", "{\"targetResolution\": 64}")
        let r = try f.binary.run(["study", "two-stage", "--stage1-preset", big, "--out", "study"], in: scratch.url)
        XCTAssertEqual(r.status, 64, r.description)
        XCTAssertTrue(r.stderr.contains("at most 32"), r.description)
        XCTAssertFalse(FileManager.default.fileExists(atPath: f.path("study")), "nothing is created")
        let zero = try f.binary.run(["study", "two-stage", "--count", "0", "--out", "study"], in: scratch.url)
        XCTAssertEqual(zero.status, 64, zero.description)
        // A missing Inception file stops the study before it trains anything.
        let missing = try f.binary.run(["study", "two-stage", "--inception", "missing.safetensors", "--out", "study"], in: scratch.url)
        XCTAssertEqual(missing.status, 1, missing.description)
        XCTAssertTrue(missing.stderr.contains("missing.safetensors"), missing.description)
        XCTAssertFalse(FileManager.default.fileExists(atPath: f.path("study")), "nothing is created")
    }
}
