// Gradient checks (central differences) for the ops that no PyTorch fixture covers.

import XCTest
import Tensors

final class OpGradientTests: XCTestCase {
    let bound: Float = 5e-3

    func check(_ name: String, _ inputs: [Tensor], _ f: @escaping ([Tensor]) -> Tensor, file: StaticString = #filePath, line: UInt = #line) {
        let err = gradientError(inputs) { probe(f($0)) }
        print("gradcheck \(name): worst relative error \(err)")
        XCTAssertLessThan(err, bound, "\(name): analytic gradient differs from finite differences", file: file, line: line)
    }

    func testElementwise() {
        let x = smoothRandom([2, 3, 4], seed: 1), y = smoothRandom([2, 3, 4], seed: 2)
        let pos = Tensor(shape: [2, 3, 4], data: x.toArray().map { abs($0) + 0.5 })
        check("add", [x, y]) { $0[0] + $0[1] }
        check("sub", [x, y]) { $0[0] - $0[1] }
        check("mul", [x, y]) { $0[0] * $0[1] }
        check("div", [x, pos]) { $0[0] / $0[1] }
        check("exp", [x]) { $0[0].exp() }
        check("log", [pos]) { $0[0].log() }
        check("sqrt", [pos]) { $0[0].sqrt() }
        check("rsqrt", [pos]) { $0[0].rsqrt() }
        check("square", [x]) { $0[0].square() }
        check("abs", [x]) { $0[0].abs() }
        check("relu", [x]) { $0[0].relu() }
        check("clamp", [x]) { $0[0].clamped(min: -0.5, max: 0.5) }
        check("scalars", [x]) { (2 - $0[0] * 3 + 1) / 4 }
    }

    func testBroadcastingAndReductions() {
        let x = smoothRandom([2, 3, 4, 5], seed: 3)
        check("add [1,3,1,1]", [x, smoothRandom([1, 3, 1, 1], seed: 4)]) { $0[0] + $0[1] }
        check("mul [4,1]", [x, smoothRandom([4, 1], seed: 5)]) { $0[0] * $0[1] }
        check("div [5]", [x, Tensor(shape: [5], data: [1, 2, 3, 4, 5])]) { $0[0] / $0[1] }
        check("sum axes 0,2,3", [x]) { $0[0].sum(axes: [0, 2, 3]) }
        check("mean axis 1 keepDims", [x]) { $0[0].mean(axes: [1], keepDims: true) }
        check("mean all", [x]) { $0[0].mean() }
        check("broadcastTo", [smoothRandom([3, 1], seed: 6)]) { $0[0].broadcastTo([2, 3, 4]) }
    }

    func testShapeOps() {
        let x = smoothRandom([2, 3, 4], seed: 7)
        check("permute", [x]) { $0[0].permuted([2, 0, 1]) }
        check("transpose", [x]) { $0[0].transposed(0, 2) }
        check("slice", [x]) { $0[0].slice(axis: 1, start: 1, length: 2) }
        check("concat", [x, smoothRandom([2, 2, 4], seed: 8)]) { Tensor.concat([$0[0], $0[1]], axis: 1) }
        check("reshape", [x]) { $0[0].reshaped([4, -1]) }
    }

    func testMatmul() {
        let a = smoothRandom([3, 4], seed: 9), b = smoothRandom([4, 5], seed: 10)
        check("matmul", [a, b]) { Tensor.matmul($0[0], $0[1]) }
        check("matmul Aᵀ", [smoothRandom([4, 3], seed: 11), b]) { Tensor.matmul($0[0], $0[1], transposeA: true) }
        check("matmul Bᵀ", [a, smoothRandom([5, 4], seed: 12)]) { Tensor.matmul($0[0], $0[1], transposeB: true) }
        check("matmul batched AᵀBᵀ", [smoothRandom([2, 4, 3], seed: 13), smoothRandom([2, 5, 4], seed: 14)]) {
            Tensor.matmul($0[0], $0[1], transposeA: true, transposeB: true)
        }
    }

    func testPooling() {
        let x = smoothRandom([2, 2, 6, 6], seed: 15)
        check("avg_pool2d 3", [x]) { $0[0].avgPool2d(3) }
        check("avg_pool2d 4 (floor mode)", [x]) { $0[0].avgPool2d(4) }
        // Distinct values 0.1 apart, so no difference step moves a window's maximum.
        var rng = RNG(seed: 23)
        let spaced = Tensor(shape: [2, 2, 6, 6], data: (0..<144).map { Float($0) * 0.1 }.shuffled(using: &rng))
        check("max_pool2d 2", [spaced]) { $0[0].maxPool2d(2) }
        check("upsample 3", [smoothRandom([1, 2, 3, 2], seed: 16)]) { $0[0].upsampleNearest(3) }
    }

    func testConvolutionsWithoutFixture() {
        // Depthwise 3x3 fast path with many channels, a wide image, batch 3.
        check("depthwise 3x3", [smoothRandom([3, 4, 5, 11], seed: 17), smoothRandom([4, 1, 3, 3], seed: 18)]) {
            Tensor.conv2d($0[0], weight: $0[1], padding: 1, groups: 4)
        }
        // Pointwise with a single image (the row-split GEMM path).
        check("pointwise, N = 1", [smoothRandom([1, 6, 3, 4], seed: 19), smoothRandom([5, 6, 1, 1], seed: 20)]) {
            Tensor.conv2d($0[0], weight: $0[1])
        }
        // Grouped, strided, non-square kernel.
        check("groups 2, stride 2, 3x2", [smoothRandom([2, 4, 7, 6], seed: 21), smoothRandom([6, 2, 3, 2], seed: 22)]) {
            Tensor.conv2d($0[0], weight: $0[1], stride: 2, padding: 1, groups: 2)
        }
    }
}
