// SRTrainingData: how much of a set is held out, and which images are too small to use.

import XCTest
import Imaging
import SRGAN
import Tensors

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

    /// With `rotations` the crops take all 8 flips and rotations of the square, without it the 2 left-right flips;
    /// under each, the HR crop stays over its LR crop. The training image is one crop large (so every crop is the
    /// whole image) and made of 4x4 blocks of 16 different colours, so that box 4x down is exact (LR pixel = its
    /// block) and no two symmetries give the same crop.
    func testCropsTurnAndFlipWithTheirHighResolutionCropAligned() throws {
        func blocks(_ seed: Int) -> Image {
            var pixels = [UInt8](repeating: 0, count: 16 * 16 * 3)
            for y in 0..<16 {
                for x in 0..<16 {
                    let block = (y / 4) * 4 + x / 4
                    for c in 0..<3 { pixels[(y * 16 + x) * 3 + c] = UInt8((block * 15 + c * 71 + seed * 5) % 256) }
                }
            }
            return Image(width: 16, height: 16, pixels: pixels)
        }
        let data = try SRTrainingData(images: [("held out", blocks(1)), ("trained", blocks(2))], scale: 4, kernel: .box,
                                      validationCount: 1, minimumSide: 16)
        XCTAssertEqual(data.trainIndices, [1])
        for rotations in [false, true] {
            var rng = RNG(seed: 3)
            let (lr, hr) = data.batch(size: 64, lrCrop: 4, rng: &rng, mirror: true, rotations: rotations)
            let l = lr.toArray(), h = hr.toArray()
            var distinct = Set<[Float]>()
            var misaligned = 0
            for n in 0..<64 {
                for c in 0..<3 {
                    for row in 0..<16 {
                        for col in 0..<16 where h[((n * 3 + c) * 16 + row) * 16 + col] != l[((n * 3 + c) * 4 + row / 4) * 4 + col / 4] {
                            misaligned += 1
                        }
                    }
                }
                distinct.insert(Array(l[n * 48..<(n + 1) * 48]))
            }
            XCTAssertEqual(misaligned, 0, "rotations \(rotations)")
            XCTAssertEqual(distinct.count, rotations ? 8 : 2, "rotations \(rotations)")
        }
    }
}
