// valueAndGrad over a model's keyed parameters, with and without auxiliary values.

import XCTest
import NN
import Tensors

final class ModelGradientsTests: XCTestCase {
    func testAuxiliaryValuesComeBackWithTheSameGradients() {
        var rng = RNG(seed: 7)
        let layer = Linear(inputFeatures: 5, outputFeatures: 3, rng: &rng)
        let x = Tensor.randomNormal([4, 5], rng: &rng)
        let plain = valueAndGrad(model: layer) { layer(x).square().mean() }
        let withAux = valueAndGrad(model: layer) { () -> (loss: Tensor, aux: (Float, Int)) in
            let y = layer(x)
            return (y.square().mean(), (y.sum().item(), y.shape[0]))
        }
        XCTAssertEqual(withAux.value.item(), plain.value.item())
        let expectedSum = withoutGrad { layer(x).sum().item() }
        XCTAssertEqual(withAux.aux.0, expectedSum)
        XCTAssertEqual(withAux.aux.1, 4)
        XCTAssertEqual(Set(withAux.gradients.keys), Set(layer.trainableParameters().map(\.0)))
        for (key, g) in plain.gradients {
            XCTAssertEqual(withAux.gradients[key]?.toArray(), g.toArray(), key)
        }
        // ∂/∂b mean(y²) = 2/(N·O) Σ_n y[n, o], checked against the closed form so the keys are not just present.
        let y = withoutGrad { layer(x) }.toArray()
        let bias = withAux.gradients["bias"]!.toArray()
        for o in 0..<3 {
            let expected = (0..<4).map { Double(y[$0 * 3 + o]) }.reduce(0, +) * 2 / 12
            XCTAssertEqual(Double(bias[o]), expected, accuracy: 1e-6)
        }
    }

    func testOnlyTheListedParametersGetGradients() {
        var rng = RNG(seed: 8)
        let first = Linear(inputFeatures: 3, outputFeatures: 3, rng: &rng)
        let second = Linear(inputFeatures: 3, outputFeatures: 2, rng: &rng)
        let x = Tensor.randomNormal([2, 3], rng: &rng)
        let (_, count, gradients) = valueAndGrad(parameters: second.trainableParameters()) {
            let y = second(first(x))
            return (y.sum(), y.shape.reduce(1, *))
        }
        XCTAssertEqual(count, 4)
        XCTAssertEqual(Set(gradients.keys), Set(second.trainableParameters().map(\.0)))
    }
}
