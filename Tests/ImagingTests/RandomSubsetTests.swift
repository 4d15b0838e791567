import XCTest
import Imaging

final class RandomSubsetTests: XCTestCase {
    func testSeededDistinctSortedAndSpread() {
        let a = RandomSubset.indices(choosing: 100, of: 1414, seed: 1)
        XCTAssertEqual(a, RandomSubset.indices(choosing: 100, of: 1414, seed: 1))
        XCTAssertNotEqual(a, RandomSubset.indices(choosing: 100, of: 1414, seed: 2))
        XCTAssertEqual(a.count, 100)
        XCTAssertEqual(Set(a).count, 100)
        XCTAssertEqual(a, a.sorted())
        XCTAssertTrue(a.allSatisfy { (0..<1414).contains($0) })
        // Not the first 100: a quarter or more of the picks lie in the last half of the set.
        XCTAssertGreaterThan(a.filter { $0 >= 707 }.count, 25)
    }

    func testAllWhenAskingForTheWholeSet() {
        XCTAssertEqual(RandomSubset.indices(choosing: 5, of: 5, seed: 3), [0, 1, 2, 3, 4])
        XCTAssertEqual(RandomSubset.indices(choosing: 9, of: 5, seed: 3), [0, 1, 2, 3, 4])
    }
}
