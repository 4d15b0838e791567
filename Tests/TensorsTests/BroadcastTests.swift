import XCTest
import Tensors

final class BroadcastTests: XCTestCase {
    func testChannelBiasAddAndItsGradient() {
        let x = Tensor(shape: [2, 3, 1, 2], data: (0..<12).map(Float.init)).requiringGrad()
        let b = Tensor(shape: [1, 3, 1, 1], data: [10, 20, 30]).requiringGrad()
        let y = x + b
        XCTAssertEqual(y.shape, [2, 3, 1, 2])
        XCTAssertEqual(y.toArray(), [10, 11, 22, 23, 34, 35, 16, 17, 28, 29, 40, 41])
        let g = grad(of: (y * y).sum(), wrt: [x, b])
        XCTAssertEqual(g[0].toArray(), y.toArray().map { 2 * $0 })
        // db[c] = Σ 2y over the batch and width of channel c
        let expected: [Float] = [108, 204, 300]   // 2·(10+11+16+17), 2·(22+23+28+29), 2·(34+35+40+41)
        XCTAssertEqual(g[1].toArray(), expected)
    }
}
