import XCTest
import Metrics

final class MSSSIMTests: XCTestCase {
    func testIdenticalImagesScoreOne() throws {
        let a = TestImages.batch(count: 2, size: 64, seed: 1, noise: 30)
        XCTAssertEqual(try MSSSIM.score(a, 0, a, 0), 1, accuracy: 1e-12)
        XCTAssertEqual(try MSSSIM.score(a, 1, a, 1), 1, accuracy: 1e-12)
    }

    func testSymmetricAndLowerForMoreNoise() throws {
        let clean = TestImages.batch(count: 1, size: 64, seed: 3)
        let light = TestImages.batch(count: 1, size: 64, seed: 3, noise: 20)
        let heavy = TestImages.batch(count: 1, size: 64, seed: 3, noise: 120)
        XCTAssertEqual(try MSSSIM.score(clean, 0, light, 0), try MSSSIM.score(light, 0, clean, 0), accuracy: 1e-12)
        XCTAssertGreaterThan(try MSSSIM.score(clean, 0, light, 0), try MSSSIM.score(clean, 0, heavy, 0))
    }

    func testDiversityOfCopiesIsOneAndOfDifferentImagesLower() throws {
        let one = TestImages.batch(count: 1, size: 32, seed: 5)
        let copies = one.gathering([0, 0, 0, 0])
        XCTAssertEqual(try MSSSIM.diversity(copies, pairs: 20, seed: 1), 1, accuracy: 1e-12)
        let varied = TestImages.batch(count: 16, size: 32, seed: 6, noise: 40)
        XCTAssertLessThan(try MSSSIM.diversity(varied, pairs: 50, seed: 1), 0.9)
    }

    func testErrors() {
        let a = TestImages.batch(count: 2, size: 32, seed: 1), b = TestImages.batch(count: 2, size: 16, seed: 1)
        XCTAssertThrowsError(try MSSSIM.pairwise(a, b))
        XCTAssertThrowsError(try MSSSIM.diversity(a.slice(0..<1), pairs: 10, seed: 1)) { e in
            XCTAssertEqual(e as? MetricsError, .tooFewImages(what: "MS-SSIM diversity", have: 1, need: 2))
        }
    }
}
