// Stage-two presets: the shipped ones parse and validate, the paper preset has the paper's numbers, and an
// unknown or invalid setting is an error naming it.

import Foundation
import XCTest
import SRGAN

final class SRGANConfigTests: XCTestCase {
    /// Stages/ of this checkout.
    static func preset(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Stages/\(name).json")
    }

    func testShippedPresetsLoad() throws {
        for name in ["stage2-demo", "stage2-cpu", "stage2-paper"] {
            let config = try SRGANConfig.load(Self.preset(name))
            XCTAssertNoThrow(try config.validate(), name)
        }
        let paper = try SRGANConfig.load(Self.preset("stage2-paper"))
        XCTAssertEqual([paper.blocks, paper.channels, paper.upscale, paper.hrCrop, paper.batchSize], [16, 64, 4, 96, 16])
        XCTAssertEqual(paper.phase2LearningRate(atStep: 0), 1e-4)
        XCTAssertEqual(paper.phase2LearningRate(atStep: 100_000), 1e-5, accuracy: 1e-12)
        XCTAssertEqual(paper.adversarialWeight, 1e-3)
        XCTAssertEqual(paper.contentLoss, .vgg19)
    }

    /// `rotations` is off unless set: a run's config.json written before the field existed trains on as it did.
    func testRotationsAreOffUnlessAPresetSetsThem() throws {
        XCTAssertFalse(try SRGANConfig.decode(Data(#"{"blocks": 4}"#.utf8), name: "old-run.json").rotations)
        XCTAssertTrue(try SRGANConfig.decode(Data(#"{"blocks": 4, "rotations": true}"#.utf8), name: "x.json").rotations)
    }

    func testUnknownSettingIsNamed() {
        XCTAssertThrowsError(try SRGANConfig.decode(Data(#"{"blocks": 4, "blokcs": 2}"#.utf8), name: "x.json")) { error in
            XCTAssertTrue("\(error)".contains("blokcs"), "\(error)")
        }
    }

    func testInvalidValuesAreNamed() {
        XCTAssertThrowsError(try SRGANConfig.decode(Data(#"{"hrCrop": 100}"#.utf8), name: "x.json")) { error in
            XCTAssertTrue("\(error)".contains("hrCrop"), "\(error)")
        }
        XCTAssertThrowsError(try SRGANConfig.decode(Data(#"{"downsampleKernel": "bicubik"}"#.utf8), name: "x.json")) { error in
            XCTAssertTrue("\(error)".contains("bicubik"), "\(error)")
        }
        XCTAssertThrowsError(try SRGANConfig.decode(Data(#"{"contentLoss": "vgg16"}"#.utf8), name: "x.json"))
    }
}
