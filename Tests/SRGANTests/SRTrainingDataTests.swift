// SRTrainingData: how much of a set is held out, and which images are too small to use.

import XCTest
import Imaging
import SRGAN

final class SRTrainingDataTests: XCTestCase {
    func testAShareOfASmallSetIsHeldOut() {
        // A tenth, at least one, at most the config's validationImages.
        XCTAssertEqual(SRTrainingData.heldOutCount(of: 126, atMost: 64), 12)
        XCTAssertEqual(SRTrainingData.heldOutCount(of: 2, atMost: 64), 1)
        XCTAssertEqual(SRTrainingData.heldOutCount(of: 1_414, atMost: 64), 64)
        XCTAssertEqual(SRTrainingData.heldOutCount(of: 500, atMost: 16), 16)
    }

    func testImagesTooSmallForTheCropOrTheScoresAreSkippedAndNamed() throws {
        let folder = TempFolder()
        for (i, side) in [40, 40, 40, 19, 48].enumerated() {
            try Image(width: side, height: side + 3, red: UInt8(40 * i), green: 90, blue: 10)
                .save(to: folder.url.appendingPathComponent("image-\(i).png").path)
        }
        // At 4x with a 16 px crop an image needs 20 px (SSIM's 11 px after a 4 px border each side).
        XCTAssertEqual(SRTrainingData.minimumSide(crop: 16, scale: 4), 20)
        let data = try SRTrainingData.load(from: folder.url, scale: 4, kernel: .bicubic, validationImages: 64, minimumSide: 16)
        XCTAssertEqual(data.count, 4)
        XCTAssertEqual(data.skipped.map(\.name), ["image-3.png"])
        XCTAssertEqual(data.validationIndices.count, 1)
        XCTAssertThrowsError(try SRTrainingData.load(from: folder.url, scale: 4, kernel: .bicubic, validationImages: 64, minimumSide: 48)) {
            XCTAssertTrue("\($0)".contains("1 usable images"), "\($0)")
        }
    }
}
