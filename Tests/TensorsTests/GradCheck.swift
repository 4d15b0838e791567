// Finite-difference gradient checks for ops that have no PyTorch fixture.
//
// Directional derivatives: for random directions v (one per input), the central difference
// (f(x + εv) − f(x − εv)) / 2ε against ⟨∇f, v⟩. One number per direction aggregates every element,
// which keeps float32 rounding small beside the derivative; per-element differences in float32 drown
// second derivatives in noise.

import XCTest
import Tensors

/// The worst relative error between the analytic directional derivative of the scalar f and central
/// differences, over a few random directions.
func gradientError(_ inputs: [Tensor], step: Float = 3e-3, directions: Int = 3, _ f: ([Tensor]) -> Tensor) -> Float {
    let leaves = inputs.map { $0.requiringGrad() }
    let analytic = grad(of: f(leaves), wrt: leaves).map { $0.toArray() }
    var worst: Float = 0
    for d in 0..<directions {
        var rng = RNG(seed: 1000 + UInt64(d))
        var vs = inputs.map { x in (0..<x.count).map { _ in rng.nextNormal() } }
        let norm = vs.joined().reduce(0) { $0 + $1 * $1 }.squareRoot()   // a unit direction over all inputs
        vs = vs.map { $0.map { $0 / norm } }
        func shifted(_ sign: Float) -> Float {
            let args = zip(inputs, vs).map { x, v in
                Tensor(shape: x.shape, data: zip(x.toArray(), v).map { $0 + sign * step * $1 })
            }
            return f(args).item()
        }
        let numeric = (shifted(1) - shifted(-1)) / (2 * step)
        var exact: Float = 0
        for (a, v) in zip(analytic, vs) { for i in 0..<a.count { exact += a[i] * v[i] } }
        worst = max(worst, abs(numeric - exact) / max(1, abs(numeric), abs(exact)))
    }
    return worst
}

/// A fixed random tensor, away from the kinks of relu/abs (|x| ≥ 0.1) so differences are smooth.
func smoothRandom(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var rng = RNG(seed: seed)
    let n = shape.reduce(1, *)
    return Tensor(shape: shape, data: (0..<n).map { _ in
        let v = rng.nextNormal() * scale
        return v >= 0 ? v + 0.1 : v - 0.1
    })
}

/// A weighted sum with fixed random weights: a scalar that depends on every output element differently.
func probe(_ y: Tensor, seed: UInt64 = 99) -> Tensor {
    (y * smoothRandom(y.shape, seed: seed)).sum()
}
