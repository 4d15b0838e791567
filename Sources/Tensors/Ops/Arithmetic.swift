// Arithmetic with broadcasting: + − × ÷ between tensors and with scalars, negation.
//
// Backward rules (tensor ops, so they can be differentiated again); `sumTo` undoes broadcasting:
//   add: (g, g)   sub: (g, −g)   mul: (g·b, g·a)   div: (g / b, −g·a / b²)

enum AddF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a + b } }
enum SubF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a - b } }
enum MulF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a * b } }
enum DivF: BinaryFunction { @inline(__always) static func apply(_ a: Float, _ b: Float) -> Float { a / b } }

extension Tensor {
    /// Applies F with broadcasting, without recording (the caller records).
    static func broadcastZip<F: BinaryFunction>(_ f: F.Type, _ a: Tensor, _ b: Tensor, op: String) -> Tensor {
        guard let plan = BroadcastPlan(a.shape, b.shape) else {
            fatalError("\(op): shapes \(a.shape) and \(b.shape) cannot be broadcast together")
        }
        return Tensor(shape: plan.outShape) { out in Kernels.zip(f, a.data, b.data, out, plan: plan) }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let y = broadcastZip(AddF.self, a, b, op: "add")
        return record(y, op: "add", inputs: [a, b]) { g, needs in
            [needs[0] ? g.sumTo(a.shape) : nil, needs[1] ? g.sumTo(b.shape) : nil]
        }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let y = broadcastZip(SubF.self, a, b, op: "sub")
        return record(y, op: "sub", inputs: [a, b]) { g, needs in
            [needs[0] ? g.sumTo(a.shape) : nil, needs[1] ? (-g).sumTo(b.shape) : nil]
        }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let y = broadcastZip(MulF.self, a, b, op: "mul")
        return record(y, op: "mul", inputs: [a, b]) { g, needs in
            [needs[0] ? (g * b).sumTo(a.shape) : nil, needs[1] ? (g * a).sumTo(b.shape) : nil]
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let y = broadcastZip(DivF.self, a, b, op: "div")
        return record(y, op: "div", inputs: [a, b]) { g, needs in
            [needs[0] ? (g / b).sumTo(a.shape) : nil,
             needs[1] ? (-(g * a) / (b * b)).sumTo(b.shape) : nil]
        }
    }

    public static prefix func - (x: Tensor) -> Tensor { x * Float(-1) }

    // MARK: With scalars

    public static func * (x: Tensor, s: Float) -> Tensor {
        let y = Tensor(shape: x.shape) { out in
            let p = x.data
            Parallel.forRange(x.count, grain: Parallel.elementGrain) { r in for i in r { out[i] = p[i] * s } }
        }
        return record(y, op: "mul_scalar", inputs: [x]) { g, _ in [g * s] }
    }
    public static func * (s: Float, x: Tensor) -> Tensor { x * s }
    public static func / (x: Tensor, s: Float) -> Tensor { x * (1 / s) }

    public static func + (x: Tensor, s: Float) -> Tensor {
        let y = Tensor(shape: x.shape) { out in
            let p = x.data
            Parallel.forRange(x.count, grain: Parallel.elementGrain) { r in for i in r { out[i] = p[i] + s } }
        }
        return record(y, op: "add_scalar", inputs: [x]) { g, _ in [g] }
    }
    public static func + (s: Float, x: Tensor) -> Tensor { x + s }
    public static func - (x: Tensor, s: Float) -> Tensor { x + (-s) }
    public static func - (s: Float, x: Tensor) -> Tensor { (-x) + s }
    public static func / (s: Float, x: Tensor) -> Tensor { Tensor(s) / x }
}
