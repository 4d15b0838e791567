// Element-wise functions and activations.
//
// Backward rules, with y the output (the recorded one, handed to the rule by the backward pass):
//   exp: g·y   log: g/x   sqrt: g·0.5/y   rsqrt: g·(−0.5)·y³   square: g·2x   abs: g·sign(x)
//   tanh: g·(1 − y²)   sigmoid: g·y·(1 − y)   clamp: g where lo < x < hi
//   relu / leaky_relu: leakyGate(g, x, slope) = g where x > 0, slope·g elsewhere.
// sign, the clamp mask and the gate's dependence on x are piecewise constant: their derivative is 0,
// so the rules above stay exact when differentiated again.

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

enum ExpF: UnaryFunction { @inline(__always) static func apply(_ x: Float) -> Float { expf(x) } }
enum LogF: UnaryFunction { @inline(__always) static func apply(_ x: Float) -> Float { logf(x) } }
enum SqrtF: UnaryFunction { @inline(__always) static func apply(_ x: Float) -> Float { x.squareRoot() } }
enum RsqrtF: UnaryFunction { @inline(__always) static func apply(_ x: Float) -> Float { 1 / x.squareRoot() } }
enum SquareF: UnaryFunction { @inline(__always) static func apply(_ x: Float) -> Float { x * x } }
enum AbsF: UnaryFunction { @inline(__always) static func apply(_ x: Float) -> Float { abs(x) } }
enum SignF: UnaryFunction { @inline(__always) static func apply(_ x: Float) -> Float { x > 0 ? 1 : (x < 0 ? -1 : 0) } }
enum TanhF: UnaryFunction { @inline(__always) static func apply(_ x: Float) -> Float { tanhf(x) } }
enum SigmoidF: UnaryFunction {
    @inline(__always) static func apply(_ x: Float) -> Float { x >= 0 ? 1 / (1 + expf(-x)) : expf(x) / (1 + expf(x)) }
}

extension Tensor {
    /// F applied element-wise, not recorded.
    func mapped<F: UnaryFunction>(_ f: F.Type) -> Tensor {
        Tensor(shape: shape) { out in Kernels.map(f, data, out, count) }
    }

    public func exp() -> Tensor {
        let y = mapped(ExpF.self)
        return Tensor.record(y, op: "exp", inputs: [self], usingOutput: { g, _, y in [g * y] })
    }
    public func log() -> Tensor {
        let y = mapped(LogF.self)
        return Tensor.record(y, op: "log", inputs: [self]) { g, _ in [g / self] }
    }
    public func sqrt() -> Tensor {
        let y = mapped(SqrtF.self)
        return Tensor.record(y, op: "sqrt", inputs: [self], usingOutput: { g, _, y in [g * 0.5 / y] })
    }
    public func rsqrt() -> Tensor {
        let y = mapped(RsqrtF.self)
        return Tensor.record(y, op: "rsqrt", inputs: [self], usingOutput: { g, _, y in [g * (y * y * y) * -0.5] })
    }
    public func square() -> Tensor {
        let y = mapped(SquareF.self)
        return Tensor.record(y, op: "square", inputs: [self]) { g, _ in [g * self * 2] }
    }
    public func abs() -> Tensor {
        let y = mapped(AbsF.self)
        return Tensor.record(y, op: "abs", inputs: [self]) { g, _ in [g * self.mapped(SignF.self)] }
    }
    public func tanh() -> Tensor {
        let y = mapped(TanhF.self)
        return Tensor.record(y, op: "tanh", inputs: [self], usingOutput: { g, _, y in [g * (1 - y * y)] })
    }
    public func sigmoid() -> Tensor {
        let y = mapped(SigmoidF.self)
        return Tensor.record(y, op: "sigmoid", inputs: [self], usingOutput: { g, _, y in [g * y * (1 - y)] })
    }

    /// Values limited to [low, high].
    public func clamped(min low: Float, max high: Float) -> Tensor {
        let x = data
        let y = Tensor(shape: shape) { out in
            Parallel.forRange(count, grain: Parallel.elementGrain) { r in for i in r { out[i] = Swift.min(Swift.max(x[i], low), high) } }
        }
        return Tensor.record(y, op: "clamp", inputs: [self]) { g, _ in
            let mask = Tensor(shape: self.shape) { m in
                for i in 0..<self.count { m[i] = (x[i] > low && x[i] < high) ? 1 : 0 }
            }
            return [g * mask]
        }
    }

    public func relu() -> Tensor { leakyRelu(slope: 0) }

    /// max(x, 0) + slope · min(x, 0).
    public func leakyRelu(slope: Float) -> Tensor {
        let x = data
        let y = Tensor(shape: shape) { out in
            Parallel.forRange(count, grain: Parallel.elementGrain) { r in
                for i in r { let v = x[i]; out[i] = v > 0 ? v : v * slope }
            }
        }
        return Tensor.record(y, op: slope == 0 ? "relu" : "leaky_relu", inputs: [self]) { g, _ in
            [Tensor.leakyGate(g, by: self, slope: slope)]
        }
    }

    /// g where x > 0, slope · g elsewhere: the backward of leaky ReLU. Linear in g; constant in x.
    static func leakyGate(_ g: Tensor, by x: Tensor, slope: Float) -> Tensor {
        shapeCheck(g.shape == x.shape, "leakyGate: gradient \(g.shape) and input \(x.shape) differ")
        let gp = g.data, xp = x.data
        let y = Tensor(shape: g.shape) { out in
            Parallel.forRange(g.count, grain: Parallel.elementGrain) { r in
                for i in r { out[i] = xp[i] > 0 ? gp[i] : gp[i] * slope }
            }
        }
        return record(y, op: "leaky_gate", inputs: [g]) { gg, _ in [leakyGate(gg, by: x, slope: slope)] }
    }
}
