// SRResNet's fast output convolution against the plain one: the same output (inference) and the same
// gradients for every parameter (training pass), on a non-square image.

import XCTest
import NN
import SRGAN
import Tensors

final class OutputConvolutionTests: XCTestCase {
    func testFastForwardEqualsPlainForward() {
        let model = SRResNet(blocks: 2, channels: 8, seed: 4).eval()
        var rng = RNG(seed: 5)
        let x = Tensor.randomUniform([3, 3, 10, 7], rng: &rng)
        let plain = model(x)                      // recording on: the plain conv3
        let fast = withoutGrad { model(x) }      // the shifted-sum route
        XCTAssertEqual(plain.shape, [3, 3, 40, 28])
        XCTAssertEqual(fast.shape, plain.shape)
        let diff = zip(plain.toArray(), fast.toArray()).map { abs($0 - $1) }.max()!
        print("fast vs plain conv3 forward: max|diff| \(diff)")
        XCTAssertLessThan(diff, 1e-5)
    }

    func testTrainingPassGradientsEqualPlainGradients() {
        let model = SRResNet(blocks: 2, channels: 8, seed: 6)
        var rng = RNG(seed: 7)
        let x = Tensor.randomUniform([4, 3, 9, 6], rng: &rng)
        let target = Tensor.randomUniform([4, 3, 36, 24], rng: &rng)
        let (plainLoss, plain) = valueAndGrad(model: model) { Tensor.mse(model(x), target) }
        let pass = model.trainingPass(x)
        let loss = Tensor.mse(pass.output, target)
        let fast = pass.gradients(of: loss)
        XCTAssertEqual(loss.item(), plainLoss.item(), accuracy: 1e-6)
        XCTAssertEqual(Set(fast.keys), Set(plain.keys))
        var worst: (String, Float) = ("", 0)
        for (key, g) in plain {
            let scale = max(g.toArray().map(abs).max()!, 1e-6)
            let d = zip(g.toArray(), fast[key]!.toArray()).map { abs($0 - $1) }.max()! / scale
            if d > worst.1 { worst = (key, d) }
        }
        print("fast vs plain gradients: largest relative difference \(worst.1) at \(worst.0)")
        XCTAssertLessThan(worst.1, 1e-4, worst.0)
    }
}
