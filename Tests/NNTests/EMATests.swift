// EMA of weights: the lerp rule, buffers copied, the half-life β.

import XCTest
import NN
import Tensors

final class EMATests: XCTestCase {
    func testAverageFollowsTheLerpRuleAndCopiesBuffers() throws {
        var rng = RNG(seed: 1)
        let model = Toy(rng: &rng)
        let ema = try EMA(average: Toy(rng: &rng), source: model, beta: 0.9)
        XCTAssertTrue(ema.average.trainableParameters().isEmpty, "the average is frozen")
        for (key, t) in model.namedState() { XCTAssertEqual(ema.average.stateDict()[key]!.toArray(), t.toArray(), key) }

        // Move the model: new weights, and (training-mode forward) new BatchNorm statistics.
        let old = model.stateDict()
        for (_, p) in model.namedParameters() { p.value = p.value + 1 }
        _ = model(Tensor.randomNormal([2, 2, 2, 2], rng: &rng))
        ema.update(from: model)

        for (key, p) in model.namedParameters() {
            let expected = zip(old[key]!.toArray(), p.value.toArray()).map { o, n in n + (o - n) * Float(0.9) }
            let c = zip(ema.average.stateDict()[key]!.toArray(), expected).map { Swift.abs($0 - $1) }.max() ?? 0
            XCTAssertLessThan(c, 1e-6, key)
        }
        let mean = model.stateDict()["head.1.running_mean"]!.toArray()
        XCTAssertNotEqual(mean, old["head.1.running_mean"]!.toArray())
        XCTAssertEqual(ema.average.stateDict()["head.1.running_mean"]!.toArray(), mean, "buffers are copied")
    }

    func testBetaFromHalfLife() {
        XCTAssertEqual(EMA.beta(batchSize: 16, halfLifeImages: 16), 0.5)
        XCTAssertEqual(EMA.beta(batchSize: 16, halfLifeImages: 10_000), Float(pow(0.5, 16.0 / 10_000)), accuracy: 1e-7)
        XCTAssertEqual(EMA.beta(batchSize: 16, halfLifeImages: 0), 0)
    }

    func testMismatchedArchitectureIsRejected() {
        var rng = RNG(seed: 1)
        let small = Linear(inputFeatures: 2, outputFeatures: 1, rng: &rng)
        let large = Linear(inputFeatures: 3, outputFeatures: 1, rng: &rng)
        XCTAssertThrowsError(try EMA(average: large, source: small, beta: 0.99)) { XCTAssertTrue("\($0)".contains("weight"), "\($0)") }
    }
}
