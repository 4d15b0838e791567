// The forward-only ops of inference networks (Ops/InferencePooling.swift) on cases small enough to check by hand:
// windowed max pooling whose padding is never chosen, average pooling that does not count the padding
// (count_include_pad=False), PyTorch's bilinear resize (align_corners=False) enlarging and shrinking, and
// zero padding per axis. (The whole Inception-v3 fixture checks them against PyTorch at scale.)

import XCTest
import Tensors

final class InferencePoolingTests: XCTestCase {
    /// 1 image, 1 channel, 3x3: 1…9 row by row, made negative (so a padded 0 would win a max).
    let negative = Tensor(shape: [1, 1, 3, 3], data: (1...9).map { -Float($0) })
    let positive = Tensor(shape: [1, 1, 3, 3], data: (1...9).map { Float($0) })

    func testMaxPoolWithPaddingNeverChoosesThePadding() {
        let y = negative.maxPool2d(kernel: 3, stride: 1, padding: 1)
        XCTAssertEqual(y.shape, [1, 1, 3, 3])
        XCTAssertEqual(y.toArray(), [-1, -1, -2, -1, -1, -2, -4, -4, -5])
        // 3x3 stride 2 without padding on 5x5: floor mode, 2x2 windows.
        let x = Tensor(shape: [1, 1, 5, 5], data: (0..<25).map { Float($0) })
        XCTAssertEqual(x.maxPool2d(kernel: 3, stride: 2).toArray(), [12, 14, 22, 24])
    }

    func testAveragePoolDoesNotCountThePadding() {
        let y = positive.avgPool2dExcludingPadding(kernel: 3, stride: 1, padding: 1)
        // Corner: (1 + 2 + 4 + 5) / 4; edge: (1 + 2 + 3 + 4 + 5 + 6) / 6; centre: 45 / 9.
        let expected: [Float] = [3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7]
        for (a, b) in zip(y.toArray(), expected) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    }

    func testBilinearResizeAsPyTorchAlignCornersFalse() {
        // F.interpolate([[0, 1], [2, 3]], size=(4, 4), mode="bilinear", align_corners=False)
        let x = Tensor(shape: [1, 1, 2, 2], data: [0, 1, 2, 3])
        let y = x.resizedBilinear(height: 4, width: 4).toArray()
        let expected: [Float] = [0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5, 1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3]
        for (a, b) in zip(y, expected) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        // Shrinking 4 → 2 samples the middle of each pair, without antialiasing: src = 2·(o + 0.5) − 0.5 = 0.5, 2.5.
        let row = Tensor(shape: [1, 1, 1, 4], data: [0, 10, 20, 40])
        XCTAssertEqual(row.resizedBilinear(height: 1, width: 2).toArray(), [5, 30])
        // The same size is the identity.
        XCTAssertEqual(x.resizedBilinear(height: 2, width: 2).toArray(), [0, 1, 2, 3])
    }

    func testZeroPaddingPerAxis() {
        let x = Tensor(shape: [1, 1, 1, 2], data: [1, 2])
        let y = x.zeroPadded(rows: 1, columns: 2)
        XCTAssertEqual(y.shape, [1, 1, 3, 6])
        XCTAssertEqual(y.toArray(), [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0])
        // Its gradient is the slice back (a placement in zeros is differentiable).
        let xg = x.requiringGrad()
        let g = grad(of: (xg.zeroPadded(rows: 1, columns: 1) * 3).sum(), wrt: [xg])[0]
        XCTAssertEqual(g.toArray(), [3, 3])
    }
}
