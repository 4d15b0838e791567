// ResumeRules and the run folder's records: what a resume may change, the data check, run.json's round trip,
// and a log cut back to the position a resumed run continues from.

import Foundation
import Runs
import XCTest

final class ResumeRulesTests: XCTestCase {
    struct Settings: Codable { var rate: Float = 0.001; var sizes: [String: Int] = ["4": 16]; var every = 100; var name = "a" }

    func testEveryChangedFieldIsListedAndOnlyUnsafeOnesAreRefused() throws {
        var asked = Settings()
        XCTAssertEqual(try ResumeRules.differences(run: Settings(), asked: asked), [])
        asked.rate = 0.01; asked.sizes["8"] = 8; asked.every = 50
        let changes = try ResumeRules.differences(run: Settings(), asked: asked)
        XCTAssertEqual(changes.map(\.field), ["every", "rate", "sizes"])
        XCTAssertEqual(changes.first?.run, "100")
        XCTAssertEqual(changes.first?.asked, "50")

        let folder = URL(fileURLWithPath: "/tmp/run")
        XCTAssertThrowsError(try ResumeRules.check(run: Settings(), asked: asked, safe: ["every"], folder: folder)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("rate") && text.contains("sizes") && !text.contains("every: the run has"), text)
        }
        var safe = Settings()
        safe.every = 50
        XCTAssertEqual(try ResumeRules.check(run: Settings(), asked: safe, safe: ["every"], folder: folder).map(\.field), ["every"])
    }

    func testDataIsTheRecordedOneOrAnotherWithTheSameFingerprint() throws {
        let recorded = InputReference(path: "/data/a", fingerprint: "v1:1")
        let prints = ["/data/a": "v1:1", "/moved/a": "v1:1", "/data/b": "v1:2"]
        let fingerprint = { (url: URL) throws -> String in prints[url.path]! }
        XCTAssertEqual(try ResumeRules.data(recorded: recorded, given: nil, fingerprint: fingerprint).path, "/data/a")
        XCTAssertEqual(try ResumeRules.data(recorded: recorded, given: URL(fileURLWithPath: "/moved/a"), fingerprint: fingerprint).path, "/moved/a")
        XCTAssertThrowsError(try ResumeRules.data(recorded: recorded, given: URL(fileURLWithPath: "/data/b"), fingerprint: fingerprint)) {
            XCTAssertTrue("\($0)".contains("/data/a") && "\($0)".contains("/data/b"), "\($0)")
        }
    }

    func testRunRecordRoundTripsAndALogIsCutBackToAPosition() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nn-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        XCTAssertNil(try RunRecord.load(folder: folder))
        var record = RunRecord(stage: "stage1", data: InputReference(path: "/d", fingerprint: "v1:9"), command: ["train-progan"])
        record.commands.append(["train-progan", "--resume", "x"])
        try record.save(folder: folder)
        XCTAssertEqual(try RunRecord.load(folder: folder), record)

        let url = folder.appendingPathComponent("log.jsonl")
        let log = try RunLog(url: url)
        for images in [8, 16, 24, 32] { try log.append(["images": images]) }
        let cut = try FileHandle(forWritingTo: url)   // what a kill -9 in the middle of a line leaves
        try cut.seekToEnd()
        try cut.write(contentsOf: Data("{\"images\": 40, \"lo".utf8))
        try cut.close()
        try log.keepRecords(upTo: 16, key: "images")
        try log.append(["images": 24])
        XCTAssertEqual(RunLog.read(url).map { $0["images"] as? Int }, [8, 16, 24])
    }
}
