import XCTest
import Metrics

final class SlicedWassersteinTests: XCTestCase {
    func randomDescriptors(_ n: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix(seed: seed)
        return (0..<(n * 147)).map { _ in Float(rng.normal()) }
    }

    func testDirectionsAreUnitColumns() {
        var rng = SplitMix(seed: 3)
        let d = SlicedWasserstein.randomDirections(count: 128, rng: &rng)
        for j in 0..<128 {
            let norm = (0..<147).reduce(0.0) { $0 + Double(d[$1 * 128 + j] * d[$1 * 128 + j]) }
            XCTAssertEqual(norm, 1, accuracy: 1e-5)
        }
    }

    /// Reordering a set does not move it: the distance is 0 (sorting undoes the permutation).
    func testPermutedSetIsAtZeroDistance() {
        let a = randomDescriptors(5000, seed: 1)
        var order = Array(0..<5000)
        var rng = SplitMix(seed: 9)
        order.shuffle(using: &rng)
        let b = order.flatMap { a[($0 * 147)..<($0 * 147 + 147)] }
        let dirs = SlicedWasserstein.randomDirections(count: 64, rng: &rng)
        XCTAssertEqual(SlicedWasserstein.distance(a, b, directions: dirs), 0, accuracy: 1e-7)
    }

    /// A set shifted by v: every projection moves by v·dir, so the distance is mean_dir |v·dir| exactly.
    func testShiftedSetGivesMeanAbsoluteProjectedShift() {
        let a = randomDescriptors(3000, seed: 2)
        var rng = SplitMix(seed: 4)
        let v = (0..<147).map { _ in Float(rng.normal()) * 0.1 }
        let b = a.indices.map { a[$0] + v[$0 % 147] }
        let dirs = SlicedWasserstein.randomDirections(count: 200, rng: &rng)
        var expected = 0.0
        for j in 0..<200 {
            expected += abs((0..<147).reduce(0.0) { $0 + Double(v[$1]) * Double(dirs[$1 * 200 + j]) })
        }
        expected /= 200
        XCTAssertEqual(SlicedWasserstein.distance(a, b, directions: dirs), expected, accuracy: 1e-5 * max(1, expected))
    }

    /// Chunking the directions to fit a memory budget does not change the result.
    func testProjectionBudgetDoesNotChangeTheDistance() {
        let a = randomDescriptors(4096, seed: 5), b = randomDescriptors(4096, seed: 6)
        var rng = SplitMix(seed: 8)
        let dirs = SlicedWasserstein.randomDirections(count: 512, rng: &rng)
        let whole = SlicedWasserstein.distance(a, b, directions: dirs)
        let saved = SlicedWasserstein.projectionBudget
        SlicedWasserstein.projectionBudget = 2 * 16 * 4096 * 4
        let chunked = SlicedWasserstein.distance(a, b, directions: dirs)
        SlicedWasserstein.projectionBudget = saved
        XCTAssertEqual(whole, chunked, accuracy: 1e-9)
    }

    /// Against sorting every projection: sets with repeated descriptors (ties, as flat image regions
    /// give), heavy tails and a small shift, so that both the bucketed sum and its mixed buckets run.
    func testDistanceMatchesSortingEveryProjection() {
        let n = 6000
        var rng = SplitMix(seed: 21)
        func set(shift: Float) -> [Float] {
            let flat = (0..<147).map { _ in Float(rng.normal()) }
            var out: [Float] = []
            for i in 0..<n {
                if i % 5 == 0 { out += flat; continue }                        // a spike of equal values
                let tail: Float = i % 97 == 0 ? 8 : 1                          // a few far values
                out += (0..<147).map { _ in Float(rng.normal()) * tail + shift }
            }
            return out
        }
        let a = set(shift: 0), b = set(shift: 0.02)
        let dirs = SlicedWasserstein.randomDirections(count: 24, rng: &rng)
        var expected = 0.0
        for j in 0..<24 {
            func sortedProjections(_ x: [Float]) -> [Float] {
                (0..<n).map { i in (0..<147).reduce(Float(0)) { $0 + x[i * 147 + $1] * dirs[$1 * 24 + j] } }.sorted()
            }
            let pa = sortedProjections(a), pb = sortedProjections(b)
            expected += zip(pa, pb).reduce(0.0) { $0 + Double(abs($1.0 - $1.1)) } / Double(n)
        }
        expected /= 24
        XCTAssertEqual(SlicedWasserstein.distance(a, b, directions: dirs), expected, accuracy: 1e-5 * max(1, expected))
    }

    func testNormaliseGivesZeroMeanUnitStdPerChannel() {
        var d = randomDescriptors(300, seed: 11).enumerated().map { $1 * Float(1 + $0 % 147 / 49) * 30 + 100 }
        PatchDescriptors.normalise(&d)
        for c in 0..<3 {
            var s = 0.0, q = 0.0, n = 0.0
            for i in 0..<300 { for k in 0..<49 { let v = Double(d[i * 147 + c * 49 + k]); s += v; q += v * v; n += 1 } }
            XCTAssertEqual(s / n, 0, accuracy: 1e-5)
            XCTAssertEqual((q / n - (s / n) * (s / n)).squareRoot(), 1, accuracy: 1e-4)
        }
    }

    /// Descriptor layout [c][dx][dy] (the official ogrid order) on a level whose values encode position.
    func testDescriptorLayoutIsChannelColumnRow() {
        let h = 10, w = 12
        let level = (0..<(3 * h * w)).map { Float($0) }          // value = (c·h + y)·w + x
        let d = PatchDescriptors.extract(level: level, images: 1, height: h, width: w,
                                         positions: [PatchPosition(image: 0, x: 5, y: 4)])
        for c in 0..<3 { for dx in 0..<7 { for dy in 0..<7 {
            XCTAssertEqual(d[c * 49 + dx * 7 + dy], Float((c * h + 4 - 3 + dy) * w + 5 - 3 + dx))
        } } }
    }
}
