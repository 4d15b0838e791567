import Foundation
import XCTest
import Metrics

final class SREvaluationTests: XCTestCase {
    func testPerfectOutputsAndMeans() throws {
        let truth = TestImages.batch(count: 2, size: 32, seed: 1)
        let noisy = TestImages.batch(count: 2, size: 32, seed: 1, noise: 40)
        let same = try SREvaluation.evaluate(outputs: truth, truths: truth, names: ["a", "b"], scale: 4)
        XCTAssertEqual(same.images[0].psnrY, SRQuality.maximumPSNR, "identical images score the cap, not ∞")
        XCTAssertEqual(same.mean.psnrRGB, SRQuality.maximumPSNR)
        XCTAssertNoThrow(try JSONEncoder().encode(same), "a report of identical images must be writable as JSON")
        XCTAssertEqual(same.mean.ssimRGB, 1, accuracy: 1e-12)
        XCTAssertEqual(same.mean.msssim, 1, accuracy: 1e-12)
        let r = try SREvaluation.evaluate(outputs: noisy, truths: truth, names: ["a", "b"], scale: 4)
        XCTAssertEqual(r.mean.psnrY, (r.images[0].psnrY + r.images[1].psnrY) / 2, accuracy: 1e-12)
        XCTAssertEqual(r.images[1].psnrRGB, try SRQuality.psnr(noisy, truth, image: 1, border: 4, on: .rgb))
        XCTAssertLessThan(r.mean.ssimY, 1)
    }

    func testDifferentSizesAreAnError() {
        let a = TestImages.batch(count: 1, size: 32, seed: 1), b = TestImages.batch(count: 1, size: 48, seed: 1)
        XCTAssertThrowsError(try SREvaluation.evaluate(outputs: a, truths: b, names: ["x"], scale: 4)) { e in
            XCTAssertTrue("\(e)".contains("[1, 3, 32, 32] vs [1, 3, 48, 48]"), "\(e)")
        }
    }

    func testInterleavedImagesBecomeNCHW() {
        let b = ImageBatch(interleaved: [[1, 2, 3, 4, 5, 6]], height: 1, width: 2)
        XCTAssertEqual(b.pixels, [1, 4, 2, 5, 3, 6])
    }
}
