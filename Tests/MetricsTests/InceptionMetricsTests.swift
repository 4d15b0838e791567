// FID, KID and IS from fixed feature vectors against pytorch-fid's calculate_frechet_distance, torch-fidelity's
// kid_features_to_metric and isc_features_to_metric, and the original IS formula
// (Tests/Fixtures/inception/make_inception_fixtures.py; numbers in metrics.json, vectors in metrics.safetensors).
// Every number within 1e-6 relative: |ours − reference| / |reference|.

import Foundation
import XCTest
import FixtureSupport
import Metrics
import SafeTensors

final class InceptionMetricsTests: XCTestCase {
    static let folder = Fixtures.folder("inception")

    func reference() throws -> [String: Any] {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("metrics.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    func features(_ name: String) throws -> FeatureSet {
        let file = try SafeTensorsFile(contentsOf: Self.folder.appendingPathComponent("metrics.safetensors"))
        let shape = try file.shape(name)
        return try FeatureSet(count: shape[0], dimension: shape[1], values: try file.floats(name))
    }

    func assertRelative(_ ours: Double, _ expected: Double, _ what: String, tolerance: Double = 1e-6,
                        file: StaticString = #filePath, line: UInt = #line) {
        let relative = abs(ours - expected) / abs(expected)
        print(String(format: "%@: ours %.15g, reference %.15g, relative difference %.3g", what, ours, expected, relative))
        XCTAssertLessThanOrEqual(relative, tolerance, "\(what): \(ours) vs \(expected)", file: file, line: line)
    }

    func pair(_ value: Any?) -> (Double, Double) {
        let a = value as! [Double]
        return (a[0], a[1])
    }

    // MARK: numpy's legacy RandomState

    func testLegacyRandomStateDrawsAsNumpy() throws {
        let ref = try reference()
        var rng = LegacyRandomState(seed: 2020)
        let outputs = (ref["mt19937_seed2020_first_outputs"] as! [Int]).map(UInt32.init)
        XCTAssertEqual((0..<outputs.count).map { _ in rng.nextUInt32() }, outputs)
        var choices = LegacyRandomState(seed: 2020)
        let expected = ref["choice_seed2020_400_100_then_300_100"] as! [[Int]]
        XCTAssertEqual(choices.choiceWithoutReplacement(400, 100), expected[0])
        XCTAssertEqual(choices.choiceWithoutReplacement(300, 100), expected[1])
        var shuffle = LegacyRandomState(seed: 2020)
        XCTAssertEqual(shuffle.permutation(250), ref["permutation_seed2020_250"] as! [Int])
    }

    // MARK: FID

    func testFIDMatchesPytorchFID() throws {
        let ref = try reference()
        let (a, b, c, d) = (try features("set_a"), try features("set_b"), try features("set_c"), try features("set_d"))
        assertRelative(try FrechetDistance.distance(a, b).value, ref["fid_ab"] as! Double, "FID(a, b)")
        assertRelative(try FrechetDistance.distance(b, a).value, ref["fid_ba"] as! Double, "FID(b, a)")
        // Fewer vectors than dimensions: both covariances singular; pytorch-fid's sqrtm succeeds and so do we.
        let singular = try FrechetDistance.distance(c, d)
        XCTAssertFalse(singular.offsetAdded)
        assertRelative(singular.value, ref["fid_cd"] as! Double, "FID(c, d), singular covariances")
        // pytorch-fid's fallback formula, eps·I added to both.
        let offset = try FrechetDistance.distance(FeatureStatistics(c), FeatureStatistics(d), diagonalOffset: 1e-6)
        XCTAssertTrue(offset.offsetAdded)
        assertRelative(offset.value, ref["fid_cd_with_offset"] as! Double, "FID(c, d) with 1e-6·I")
        // A set against itself: 0 up to rounding, on the scale of its covariance's trace.
        let stats = try FeatureStatistics(a)
        let trace = (0..<stats.dimension).reduce(0.0) { $0 + stats.covariance[$1 * stats.dimension + $1] }
        let itself = try FrechetDistance.distance(a, a).value
        print("FID(a, a) = \(itself) (trace Σa = \(trace))")
        XCTAssertLessThan(abs(itself), 1e-9 * trace)
    }

    func testFIDRefusesDifferentWidthsAndTooFewVectors() throws {
        let a = try features("set_a")
        let narrow = try FeatureSet(count: 3, dimension: 2, values: [1, 2, 3, 4, 5, 7])
        XCTAssertThrowsError(try FrechetDistance.distance(a, narrow)) { error in
            XCTAssertEqual(error as? MetricsError, .shapeMismatch(what: "FID", first: [400, 64], second: [3, 2]))
        }
        let one = try FeatureSet(count: 1, dimension: 2, values: [1, 2])
        XCTAssertThrowsError(try FrechetDistance.distance(one, one)) { error in
            XCTAssertEqual(error as? MetricsError, .tooFewImages(what: "FID", have: 1, need: 2))
        }
    }

    // MARK: KID

    func testKIDMatchesTorchFidelity() throws {
        let ref = try reference()
        let (a, b) = (try features("set_a"), try features("set_b"))
        for (key, first, second, subsets, size) in [("kid_ab_subsets20_size100", a, b, 20, 100),
                                                    ("kid_ab_subsets100_size300", a, b, 100, 300),
                                                    ("kid_ba_subsets7_size50", b, a, 7, 50)] {
            let r = try KernelInceptionDistance.distance(first, second, subsets: subsets, subsetSize: size)
            let (mean, std) = pair(ref[key])
            XCTAssertEqual(r.subsetSize, size)
            XCTAssertEqual(r.subsetValues.count, subsets)
            assertRelative(r.mean, mean, "KID mean \(key)")
            assertRelative(r.standardDeviation, std, "KID std \(key)")
        }
    }

    func testKIDSubsetSizeIsClampedToTheSmallerSet() throws {
        let ref = try reference()
        // torch-fidelity's default subset size (1000) is more than set b's 300: clamped, it is the 300 case.
        let r = try KernelInceptionDistance.distance(try features("set_a"), try features("set_b"), subsets: 100)
        XCTAssertEqual(r.subsetSize, 300)
        assertRelative(r.mean, pair(ref["kid_ab_subsets100_size300"]).0, "KID mean, size 1000 clamped to 300")
    }

    // MARK: IS

    func testInceptionScoreMatchesTorchFidelityAndTheOriginal() throws {
        let ref = try reference()
        let logits = try features("logits")
        let cases: [(String, Int, Bool)] = [("is_splits10_shuffled", 10, true), ("is_splits10_unshuffled", 10, false),
                                            ("is_splits7_unshuffled", 7, false), ("is_original_splits10", 10, false),
                                            ("is_original_splits7", 7, false)]
        for (key, splits, shuffle) in cases {
            let r = try InceptionScore.score(logits, splits: splits, shuffle: shuffle)
            let (mean, std) = pair(ref[key])
            XCTAssertEqual(r.splitScores.count, splits)
            assertRelative(r.mean, mean, "IS mean \(key)")
            assertRelative(r.standardDeviation, std, "IS std \(key)")
        }
        XCTAssertThrowsError(try InceptionScore.score(logits, splits: 251)) { error in
            XCTAssertEqual(error as? MetricsError, .tooFewImages(what: "Inception Score", have: 250, need: 251))
        }
    }
}
