// The spread reported over seeds (eval swd --repeats, the placement study): the sample std, n − 1, not numpy's
// default population std.

import XCTest
import Metrics

final class MeanAndSampleStandardDeviationTests: XCTestCase {
    func testSampleConvention() {
        let s = meanAndSampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9])
        XCTAssertEqual(s.mean, 5)
        // Population std is 2 here; the sample std is √(32/7).
        XCTAssertEqual(s.standardDeviation, (32.0 / 7).squareRoot(), accuracy: 1e-15)
    }

    func testOneValueAndNone() {
        let one = meanAndSampleStandardDeviation([3.5])
        XCTAssertEqual([one.mean, one.standardDeviation], [3.5, 0])
        let none = meanAndSampleStandardDeviation([])
        XCTAssertEqual([none.mean, none.standardDeviation], [0, 0])
    }
}
