// Second-order gradients: ∂/∂(x, θ) of the squared input-gradient norm, ‖∇ₓ s(D(x; θ))‖², against
// central differences of that norm. This is WGAN-GP's penalty pattern through each op ProGAN's and
// SRGAN's discriminators use (the PyTorch fixture `gradient_penalty` covers one whole chain, leaky
// ReLU included; here smooth activations keep the differences away from kinks).
// The bound is loose: float32 differences of a second derivative carry ~1e-3 of noise.

import XCTest
import Tensors

final class SecondOrderTests: XCTestCase {
    /// ‖∇ₓ probe(d(x, θ…))‖² as a function of [x, θ…], differentiable (createGraph: true).
    func penalty(_ d: @escaping (Tensor, [Tensor]) -> Tensor) -> ([Tensor]) -> Tensor {
        return { args in
            let x = args[0].requiresGrad ? args[0] : args[0].requiringGrad()
            let gx = grad(of: probe(d(x, Array(args.dropFirst()))), wrt: [x], createGraph: true)[0]
            return gx.square().sum()
        }
    }

    func check(_ name: String, _ inputs: [Tensor], bound: Float = 2e-2, _ d: @escaping (Tensor, [Tensor]) -> Tensor,
               file: StaticString = #filePath, line: UInt = #line) {
        let err = gradientError(inputs, step: 1e-2, penalty(d))
        print("second order \(name): worst relative error \(err)")
        XCTAssertLessThan(err, bound, "\(name): second-order gradient differs from finite differences", file: file, line: line)
    }

    func testThroughConvolutions() {
        let x = smoothRandom([2, 3, 5, 6], seed: 31, scale: 0.5)
        check("conv3x3 + bias", [x, smoothRandom([4, 3, 3, 3], seed: 32, scale: 0.3), smoothRandom([4], seed: 33)]) { x, p in
            Tensor.conv2d(x, weight: p[0], bias: p[1], padding: 1).tanh().square()
        }
        check("conv4x4 stride 2", [x, smoothRandom([2, 3, 4, 4], seed: 34, scale: 0.3)]) { x, p in
            Tensor.conv2d(x, weight: p[0], stride: 2, padding: 1).tanh()
        }
        check("depthwise + pointwise", [x, smoothRandom([3, 1, 3, 3], seed: 35, scale: 0.5), smoothRandom([5, 3, 1, 1], seed: 36, scale: 0.5)]) { x, p in
            Tensor.conv2d(Tensor.conv2d(x, weight: p[0], padding: 1, groups: 3), weight: p[1]).sigmoid()
        }
    }

    func testThroughProGANOps() {
        let x = smoothRandom([4, 3, 4, 4], seed: 41)
        check("pixel norm", [x]) { x, _ in x.pixelNorm().square() }
        check("minibatch stddev + linear", [x, smoothRandom([1, 16], seed: 42, scale: 0.2)]) { x, p in
            Tensor.linear(x.minibatchStdDev(groupSize: 2).avgPool2d(2).flattened(), weight: p[0]).square()
        }
        check("upsample + avg pool", [x]) { x, _ in (x.upsampleNearest(2) * x.upsampleNearest(2)).avgPool2d(2) }
    }

    func testThroughSRGANOps() {
        let x = smoothRandom([2, 4, 4, 4], seed: 51, scale: 0.5)
        check("batch norm (train) + prelu", [x, smoothRandom([4], seed: 52), smoothRandom([4], seed: 53)]) { x, p in
            let bn = Tensor.batchNorm(x, weight: p[0], bias: p[1], runningMean: .zeros([4]), runningVar: .ones([4]), training: true)
            return Tensor.prelu(bn.output, weight: Tensor(shape: [4], data: [0.25, 0.1, 0.3, 0.2])).square()
        }
        check("pixel shuffle + max pool", [x]) { x, _ in x.square().pixelShuffle(2).maxPool2d(2) }
    }
}
