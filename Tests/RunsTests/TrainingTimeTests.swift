// How long a stage trained, from its log.jsonl: wall time when the run logged it, the sum of step times
// (labelled so) for older logs, and nothing — unknown, never 0 — without a log.

import Runs
import XCTest

final class TrainingTimeTests: XCTestCase {
    func run(_ lines: [String]?) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("training-time-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        if let lines { try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("log.jsonl")) }
        return folder
    }

    func testWallTimeWhenLogged() throws {
        let folder = try run(["{\"images\": 16, \"training_seconds\": 1.5, \"wall_seconds\": 2.0}",
                              "{\"images\": 32, \"training_seconds\": 3.0, \"wall_seconds\": 4.25}"])
        XCTAssertEqual(TrainingTime.ofRun(folder), TrainingTime(seconds: 4.25, measure: .wallTime))
        // A checkpoint file names its run folder.
        XCTAssertEqual(TrainingTime.ofRun(folder.appendingPathComponent("checkpoint-000000032.safetensors"))?.seconds, 4.25)
    }

    func testStepTimesOfOlderLogsAreLabelledSo() throws {
        let stageOne = try run(["{\"images\": 16, \"training_seconds\": 1.5}", "{\"images\": 32, \"training_seconds\": 3.0}"])
        XCTAssertEqual(TrainingTime.ofRun(stageOne), TrainingTime(seconds: 3.0, measure: .stepTimes))
        // Stage two's averages: 20 steps at 0.5 s, then 10 at 0.25 s.
        let stageTwo = try run(["{\"event\": \"validation\", \"step\": 0}", "{\"step\": 20, \"seconds_per_step\": 0.5}",
                                "{\"step\": 30, \"seconds_per_step\": 0.25}"])
        XCTAssertEqual(TrainingTime.ofRun(stageTwo), TrainingTime(seconds: 12.5, measure: .stepTimes))
    }

    func testNoLogIsUnknown() throws {
        XCTAssertNil(TrainingTime.ofRun(try run(nil)))
        XCTAssertNil(TrainingTime.ofRun(try run(["{\"event\": \"validation\", \"step\": 0}"])), "a log without times is unknown too")
    }
}
