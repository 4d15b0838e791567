import XCTest
import Metrics

final class SWDTests: XCTestCase {
    /// Same distribution vs a noisy copy: the noisy one is much farther at the finest level.
    func testDegradedSetIsFarther() throws {
        let a = TestImages.batch(count: 64, size: 32, seed: 1)
        let b = TestImages.batch(count: 64, size: 32, seed: 2)
        let noisy = TestImages.batch(count: 64, size: 32, seed: 2, noise: 80)
        let same = try SWD.distance(a, b, seed: 1)
        let far = try SWD.distance(a, noisy, seed: 1)
        print("SWD x1e3 same distribution \(same.perLevel), noisy \(far.perLevel)")
        XCTAssertEqual(same.resolutions, [32, 16])
        XCTAssertGreaterThan(far.perLevel[0], 3 * same.perLevel[0])
        XCTAssertEqual(same.average, same.perLevel.reduce(0, +) / 2, accuracy: 1e-12)
    }

    func testIdenticalSetsWithIdenticalPatchesAreAtZero() throws {
        let a = TestImages.batch(count: 8, size: 16, seed: 3)
        let s1 = try SWDDescriptorSet(imageSize: 16, seed: 5), s2 = try SWDDescriptorSet(imageSize: 16, seed: 5)
        try s1.feed(a); try s2.feed(a)
        XCTAssertEqual(try SWD.distance(s1, s2, seed: 1).average, 0, accuracy: 1e-9)
    }

    /// Feeding in batches gives the same descriptors as feeding at once (the same random centres).
    func testBatchedFeedEqualsWholeFeed() throws {
        let a = TestImages.batch(count: 12, size: 32, seed: 4, noise: 20)
        let b = TestImages.batch(count: 12, size: 32, seed: 5)
        let whole = try SWDDescriptorSet(imageSize: 32, seed: 9)
        try whole.feed(a)
        let parts = try SWDDescriptorSet(imageSize: 32, seed: 9)
        try parts.feed(a.slice(0..<5)); try parts.feed(a.slice(5..<12))
        let ref = try SWDDescriptorSet(imageSize: 32, seed: 10)
        try ref.feed(b)
        let d1 = try SWD.distance(whole, ref, seed: 2), d2 = try SWD.distance(parts, ref, seed: 2)
        for (x, y) in zip(d1.perLevel, d2.perLevel) { XCTAssertEqual(x, y, accuracy: 1e-6 * max(1, x)) }
    }

    func testErrorsNameTheProblem() {
        XCTAssertThrowsError(try SWDDescriptorSet(imageSize: 8, seed: 1)) { e in
            XCTAssertEqual(e as? MetricsError, .tooSmall(what: "SWD", height: 8, width: 8, minimum: 16))
        }
        let a = TestImages.batch(count: 2, size: 32, seed: 1), b = TestImages.batch(count: 2, size: 16, seed: 1)
        XCTAssertThrowsError(try SWD.distance(a, b, seed: 1)) { e in
            guard case .shapeMismatch = e as? MetricsError else { return XCTFail("\(e)") }
            XCTAssertTrue("\(e)".contains("[2, 3, 32, 32]"))
        }
        XCTAssertThrowsError(try SWD.distance(a, TestImages.batch(count: 3, size: 32, seed: 2), seed: 1)) { e in
            guard case .tooFewImages = e as? MetricsError else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try SWDDescriptorSet(imageSize: 66, seed: 1)) { e in
            guard case .unsupportedShape = e as? MetricsError else { return XCTFail("\(e)") }
        }
    }
}
