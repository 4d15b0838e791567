// RunFolder: a path given as "a run or a checkpoint" becomes one checkpoint file, and a run's stage is read from
// its run.json, never guessed from config.json (both stages write one).

import Foundation
import XCTest
import Runs

final class RunFolderTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("runfolder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testStageIsReadFromTheRunRecordAndNilWithoutOne() throws {
        XCTAssertNil(RunFolder.stage(of: folder))
        // A config.json alone is not a record of either stage.
        try Data("{}".utf8).write(to: folder.appendingPathComponent(RunRecord.configFileName))
        XCTAssertNil(RunFolder.stage(of: folder))
        for stage in [RunFolder.stageOne, RunFolder.stageTwo] {
            let record = RunRecord(stage: stage, data: InputReference(path: "/data", fingerprint: "v1:0"), command: ["x"])
            try JSONEncoder().encode(record).write(to: folder.appendingPathComponent(RunRecord.fileName))
            XCTAssertEqual(RunFolder.stage(of: folder), stage)
        }
    }

    func testCheckpointIsTheFileItselfOrTheFoldersNewestAndErrorsNameThePath() throws {
        let missing = folder.appendingPathComponent("nothing-here")
        XCTAssertThrowsError(try RunFolder.checkpoint(missing, missing: "stage-one run")) { error in
            XCTAssertTrue("\(error)".contains("nothing-here"), "\(error)")
            XCTAssertTrue("\(error)".contains("stage-one run"), "\(error)")
        }
        XCTAssertThrowsError(try RunFolder.checkpoint(folder, missing: "run")) { error in
            XCTAssertTrue("\(error)".contains(folder.lastPathComponent), "\(error)")
        }
        let checkpoints = CheckpointFiles(folder: folder)
        for shown in [200, 10] { try Data().write(to: checkpoints.url(forImagesShown: shown)) }
        XCTAssertEqual(try RunFolder.checkpoint(folder, missing: "run"), checkpoints.url(forImagesShown: 200))
        let file = folder.appendingPathComponent("weights.safetensors")
        try Data().write(to: file)
        XCTAssertEqual(try RunFolder.checkpoint(file, missing: "run"), file)
    }
}
