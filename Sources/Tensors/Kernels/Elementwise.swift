// Element-wise kernels: unary maps and binary maps with NumPy/PyTorch broadcasting.
//
// Shapes: a binary op reads a (shape A) and b (shape B) and writes out (broadcast(A, B)). The
// broadcast is planned once (`BroadcastPlan`): dimensions of size 1 get stride 0, and neighbouring
// dimensions that are contiguous in all three buffers are merged, so most calls end in one flat loop
// or in a loop over rows with a stride-0 (broadcast) operand — the bias-add and channel-scale cases.

/// A scalar function applied element by element; specialised at compile time (no closure calls).
protocol UnaryFunction { static func apply(_ x: Float) -> Float }
protocol BinaryFunction { static func apply(_ a: Float, _ b: Float) -> Float }

enum Kernels {}

extension Kernels {
    /// out[i] = F(x[i]), i < n. Parallel over chunks of the flat buffer.
    static func map<F: UnaryFunction>(_: F.Type, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int) {
        Parallel.forRange(n, grain: Parallel.elementGrain) { r in
            for i in r { out[i] = F.apply(x[i]) }
        }
    }

    /// out = F(a, b) over the broadcast shape.
    static func zip<F: BinaryFunction>(_: F.Type, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                       _ out: UnsafeMutablePointer<Float>, plan: BroadcastPlan) {
        let n = plan.count
        if plan.dims.count == 1 {
            // One flat run: a and b each either contiguous (stride 1) or a single value (stride 0).
            let sa = plan.aStrides[0], sb = plan.bStrides[0]
            Parallel.forRange(n, grain: Parallel.elementGrain) { r in
                if sa == 1 && sb == 1 { for i in r { out[i] = F.apply(a[i], b[i]) } }
                else if sb == 0 { let bv = b[0]; for i in r { out[i] = F.apply(a[i * sa], bv) } }
                else { let av = a[0]; for i in r { out[i] = F.apply(av, b[i * sb]) } }
            }
            return
        }
        // Several runs: iterate the outer dims as an odometer, the last dim as a strided inner loop.
        let inner = plan.dims.last!, rows = n / max(inner, 1)
        let sa = plan.aStrides.last!, sb = plan.bStrides.last!
        Parallel.forRange(rows, grain: max(1, Parallel.elementGrain / max(inner, 1))) { r in
            for row in r {
                var (oa, ob) = plan.offsets(ofRow: row)
                let o = out + row * inner
                if sa == 1 && sb == 1 { for i in 0..<inner { o[i] = F.apply(a[oa + i], b[ob + i]) } }
                else if sb == 0 { let bv = b[ob]; for i in 0..<inner { o[i] = F.apply(a[oa + i * sa], bv) } }
                else if sa == 0 { let av = a[oa]; for i in 0..<inner { o[i] = F.apply(av, b[ob + i * sb]) } }
                else { for i in 0..<inner { o[i] = F.apply(a[oa], b[ob]); oa += sa; ob += sb } }
            }
        }
    }
}

/// How two shapes broadcast: the output dims and each operand's element strides (0 = broadcast),
/// with mergeable neighbouring dims merged.
struct BroadcastPlan {
    let outShape: [Int]
    let dims: [Int]
    let aStrides: [Int]
    let bStrides: [Int]
    let count: Int

    /// nil when the shapes cannot broadcast.
    init?(_ a: [Int], _ b: [Int]) {
        let rank = max(a.count, b.count)
        let pa = Array(repeating: 1, count: rank - a.count) + a
        let pb = Array(repeating: 1, count: rank - b.count) + b
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            if pa[i] == pb[i] || pb[i] == 1 { out[i] = pa[i] }
            else if pa[i] == 1 { out[i] = pb[i] }
            else { return nil }
        }
        outShape = out
        count = out.reduce(1, *)
        func strides(_ s: [Int]) -> [Int] {
            var st = [Int](repeating: 0, count: rank), acc = 1
            for i in stride(from: rank - 1, through: 0, by: -1) {
                st[i] = s[i] == 1 ? 0 : acc
                acc *= s[i]
            }
            return st
        }
        let sa = strides(pa), sb = strides(pb)
        // Drop size-1 dims, then merge each dim into the one before it when both operands stay
        // linear across the pair (outer stride = inner stride × inner size).
        var md: [Int] = [], ma: [Int] = [], mb: [Int] = []
        for i in 0..<rank where out[i] != 1 {
            let di = out[i], ai = sa[i], bi = sb[i]
            if let last = md.last, ma.last! == ai * di, mb.last! == bi * di {
                md[md.count - 1] = last * di; ma[ma.count - 1] = ai; mb[mb.count - 1] = bi
            } else { md.append(di); ma.append(ai); mb.append(bi) }
        }
        if md.isEmpty { md = [1]; ma = [0]; mb = [0] }
        dims = md; aStrides = ma; bStrides = mb
    }

    /// The element offsets in a and b at the start of output row `row` (all dims but the last).
    @inline(__always)
    func offsets(ofRow row: Int) -> (Int, Int) {
        var rem = row, oa = 0, ob = 0
        var i = dims.count - 2
        while i >= 0 {
            let idx = rem % dims[i]
            rem /= dims[i]
            oa += idx * aStrides[i]; ob += idx * bStrides[i]
            i -= 1
        }
        return (oa, ob)
    }
}
