// CheckpointMetadata: one schema for both stages' checkpoint headers, and the older two still read.

import Runs
import XCTest

final class CheckpointMetadataTests: XCTestCase {
    let words: [UInt64] = [1, 18_446_744_073_709_551_615, 42, 7]

    func testRoundTripKeepsEveryFieldForBothStages() throws {
        for stage in [RunFolder.stageOne, RunFolder.stageTwo] {
            let written = CheckpointMetadata(stage: stage, config: "{\"seed\":3}", rng: words, wallSeconds: 12.5,
                                             fields: ["images_shown": "640", "step": "9"])
            let header = written.header
            XCTAssertEqual(header["format"], CheckpointMetadata.currentFormat)
            XCTAssertEqual(header["stage"], stage)
            XCTAssertEqual(header["rng"], "1,18446744073709551615,42,7")
            XCTAssertEqual(CheckpointMetadata.stage(of: header), stage)
            let read = try CheckpointMetadata(header: header, stage: stage, path: "c.safetensors")
            XCTAssertEqual(read, written)
            XCTAssertEqual(try read.integer("images_shown", path: "c.safetensors"), 640)
        }
    }

    func testLegacyStageOneHeaderWithSpaceSeparatedRNG() throws {
        let header = ["kind": "progansr-stage1-progan", "config": "{}", "rng": "1 18446744073709551615 42 7",
                      "images_shown": "128", "optimizer_resolution": "8", "training_seconds": "3.5"]
        XCTAssertEqual(CheckpointMetadata.stage(of: header), RunFolder.stageOne)
        let read = try CheckpointMetadata(header: header, stage: RunFolder.stageOne, path: "old.safetensors")
        XCTAssertEqual(read.rng, words)
        XCTAssertNil(read.wallSeconds)
        XCTAssertEqual(try read.integer("optimizer_resolution", path: "old.safetensors"), 8)
        XCTAssertEqual(read.fields["training_seconds"], "3.5")
        XCTAssertNil(read.fields["kind"])
    }

    func testLegacyStageTwoHeader() throws {
        let header = ["format": "progansr-srgan-checkpoint-1", "config": "{}", "rng": "1,18446744073709551615,42,7",
                      "step": "250", "wall_seconds": "61.25", "content_loss": "vgg19"]
        XCTAssertEqual(CheckpointMetadata.stage(of: header), RunFolder.stageTwo)
        let read = try CheckpointMetadata(header: header, stage: RunFolder.stageTwo, path: "old2.safetensors")
        XCTAssertEqual(read.rng, words)
        XCTAssertEqual(read.wallSeconds, 61.25)
        XCTAssertEqual(try read.integer("step", path: "old2.safetensors"), 250)
    }

    func testForeignWrongStageAndBrokenHeadersAreRefusedByName() {
        let stageTwo = CheckpointMetadata(stage: RunFolder.stageTwo, config: "{}", rng: words, wallSeconds: 1).header
        var noRNG = stageTwo; noRNG["rng"] = nil
        var shortRNG = stageTwo; shortRNG["rng"] = "1,2,3"
        let cases: [([String: String], String)] = [
            ([:], "names no ProGANSR training checkpoint"),
            (["format": "progansr-srresnet-1"], "format progansr-srresnet-1"),
            (stageTwo, "it is a stage2 checkpoint, not stage1"),
        ]
        for (header, expected) in cases {
            XCTAssertThrowsError(try CheckpointMetadata(header: header, stage: RunFolder.stageOne, path: "x/foreign.safetensors")) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("x/foreign.safetensors") && text.contains(expected), text)
            }
        }
        for (header, expected) in [(noRNG, "no rng"), (shortRNG, "not four state words")] {
            XCTAssertThrowsError(try CheckpointMetadata(header: header, stage: RunFolder.stageTwo, path: "y.safetensors")) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
            }
        }
        let read = try? CheckpointMetadata(header: stageTwo, stage: RunFolder.stageTwo, path: "y.safetensors")
        XCTAssertThrowsError(try read?.integer("step", path: "y.safetensors")) { XCTAssertTrue("\($0)".contains("no step"), "\($0)") }
    }
}
