import XCTest
import Metrics

/// The pyramid against a direct transcription of the official definition (2-D 5x5 filter with scipy
/// 'mirror' borders, zero insertion for up) in double precision, written here independently.
final class LaplacianPyramidTests: XCTestCase {
    func testOfficialResolutions() {
        XCTAssertEqual(LaplacianPyramid.resolutions(imageSize: 64), [64, 32, 16])
        XCTAssertEqual(LaplacianPyramid.resolutions(imageSize: 128), [128, 64, 32, 16])
        XCTAssertEqual(LaplacianPyramid.resolutions(imageSize: 16), [16])
        XCTAssertEqual(LaplacianPyramid.resolutions(imageSize: 48), [48, 24])
    }

    func testMatchesDirectDefinition() {
        let images = TestImages.batch(count: 2, size: 32, seed: 7, noise: 60)
        let ours = LaplacianPyramid.build(images, levels: 2)
        var worst = 0.0
        for p in 0..<(2 * 3) {
            let plane = (0..<(32 * 32)).map { Double(images.pixels[p * 1024 + $0]) }
            let g1 = Self.down(plane, 32)
            let up = Self.up(g1, 16)
            for i in 0..<1024 { worst = max(worst, abs(Double(ours[0][p * 1024 + i]) - (plane[i] - up[i]))) }
            for i in 0..<256 { worst = max(worst, abs(Double(ours[1][p * 256 + i]) - g1[i])) }
        }
        print("pyramid vs direct definition: max |diff| = \(worst)")
        XCTAssertLessThan(worst, 1e-3)
    }

    func testConstantImageHasZeroDetail() {
        let images = ImageBatch(count: 1, channels: 3, height: 32, width: 32, pixels: [UInt8](repeating: 200, count: 3 * 1024))
        let levels = LaplacianPyramid.build(images, levels: 2)
        XCTAssertEqual(levels[0].map { abs($0) }.max()!, 0, accuracy: 1e-4)
        XCTAssertEqual(levels[1].min()!, 200, accuracy: 1e-4)
        XCTAssertEqual(levels[1].max()!, 200, accuracy: 1e-4)
    }

    static let k: [Double] = [1, 4, 6, 4, 1]
    static func mirror(_ i: Int, _ n: Int) -> Int { i < 0 ? -i : (i >= n ? 2 * n - 2 - i : i) }
    static func filter(_ x: [Double], _ n: Int, gain: Double) -> [Double] {
        var out = [Double](repeating: 0, count: n * n)
        for y in 0..<n { for xx in 0..<n {
            var s = 0.0
            for i in -2...2 { for j in -2...2 {
                s += k[i + 2] * k[j + 2] / 256 * gain * x[mirror(y + i, n) * n + mirror(xx + j, n)]
            } }
            out[y * n + xx] = s
        } }
        return out
    }
    static func down(_ x: [Double], _ n: Int) -> [Double] {
        let f = filter(x, n, gain: 1)
        var out: [Double] = []
        for y in stride(from: 0, to: n, by: 2) { for xx in stride(from: 0, to: n, by: 2) { out.append(f[y * n + xx]) } }
        return out
    }
    static func up(_ x: [Double], _ n: Int) -> [Double] {
        var z = [Double](repeating: 0, count: 4 * n * n)
        for y in 0..<n { for xx in 0..<n { z[(2 * y) * 2 * n + 2 * xx] = x[y * n + xx] } }
        return filter(z, 2 * n, gain: 4)
    }
}
