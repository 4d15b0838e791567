import XCTest
import Bench
import NN
import ProGAN
import Tensors

final class NetworkTests: XCTestCase {
    /// The benchmark network has exactly the PyTorch peer's parameter counts (progan_torch.py prints them):
    /// the same layers, so the same step is timed on both sides.
    /// Equalized-LR gains keep activations at the scale of the input through the discriminator whether its 3x3
    /// convolutions are separable or not (the linear depthwise half has gain 1): at 32 px D's outputs on random
    /// images have about the same spread both ways. With He's √2 on both halves the separable D's was about 11x.
    func testSeparableDiscriminatorKeepsTheStandardOnesScale() {
        var spread: [SeparableMode: Float] = [:]
        for mode in [SeparableMode.none, .both] {
            var rng = RNG(seed: 3)
            let d = Discriminator(TrainStepBenchmark.config(resolution: 32, separable: mode), rng: &rng)
            let x = Tensor.randomNormal([64, 3, 32, 32], rng: &rng)
            let y = withoutGrad { d(x) }.toArray()
            let mean = y.reduce(0, +) / Float(y.count)
            spread[mode] = (y.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(y.count)).squareRoot()
        }
        let ratio = spread[.both]! / spread[.none]!
        print(String(format: "D output std at 32 px: standard %.3g, separable %.3g (ratio %.2f)", spread[.none]!, spread[.both]!, ratio))
        XCTAssertTrue(ratio > 1.0 / 3 && ratio < 3, "separable D's outputs are \(ratio)x the standard one's")
    }

    func testParameterCountsMatchThePyTorchPeer() {
        let expected: [(Int, SeparableMode, Int, Int)] = [
            (32, .none, 1_114_188, 1_114_049), (64, .none, 1_141_999, 1_141_921),
            (32, .both, 368_844, 367_051), (64, .both, 373_039, 370_987),
        ]
        for (res, sep, g, d) in expected {
            var rng = RNG(seed: 1)
            let c = TrainStepBenchmark.config(resolution: res, separable: sep)
            XCTAssertEqual(Generator(c, rng: &rng).parameterCount, g, "G at \(res) px, separable \(sep)")
            XCTAssertEqual(Discriminator(c, rng: &rng).parameterCount, d, "D at \(res) px, separable \(sep)")
        }
    }

    func testShapesAtEveryResolutionAndFadeIn() {
        var c = ProGANConfig()
        c.targetResolution = 16
        c.latentSize = 8; c.fmapBase = 64; c.fmapMax = 16
        var rng = RNG(seed: 2)
        let g = Generator(c, rng: &rng), d = Discriminator(c, rng: &rng)
        let z = Tensor.randomNormal([4, 8], rng: &rng)
        for r in [4, 8, 16] {
            for alpha: Float in [0.3, 1] {
                let images = g(z, resolution: r, alpha: alpha)
                XCTAssertEqual(images.shape, [4, 3, r, r])
                XCTAssertEqual(d(images, alpha: alpha).shape, [4, 1])
            }
        }
        // At α = 0 the new block contributes nothing: the output is the previous resolution upsampled.
        let faded = g(z, resolution: 8, alpha: 0).toArray()
        let previous = g(z, resolution: 4).upsampleNearest(2).toArray()
        XCTAssertEqual(faded.count, previous.count)
        for i in 0..<faded.count { XCTAssertEqual(faded[i], previous[i], accuracy: 1e-5) }
    }

    /// A network built for 4 px alone (a 4 px phase timed on its own, as the placement study's plan does): one
    /// toRGB / fromRGB and no blocks, where a closed range 3...2 had been undefined behaviour (24 GB and a kill).
    func testFourPixelNetworksHaveNoBlocks() {
        var c = ProGANConfig()
        c.targetResolution = 4
        c.latentSize = 8; c.fmapBase = 64; c.fmapMax = 16
        var rng = RNG(seed: 3)
        let g = Generator(c, rng: &rng), d = Discriminator(c, rng: &rng)
        let images = g(Tensor.randomNormal([4, 8], rng: &rng), resolution: 4)
        XCTAssertEqual(images.shape, [4, 3, 4, 4])
        XCTAssertEqual(d(images).shape, [4, 1])
        XCTAssertFalse(g.namedParameters().contains { $0.0.hasPrefix("blocks.") })
        XCTAssertFalse(d.namedParameters().contains { $0.0.hasPrefix("blocks.") })
    }
}
