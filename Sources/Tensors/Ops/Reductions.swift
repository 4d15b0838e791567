// Reductions (sum, mean over axes) and their adjoints, broadcasting (broadcastTo) and sumTo.
//
//   sum backward:         g broadcast back to the input shape
//   broadcastTo backward: g summed back to the input shape (sumTo)
// The two are each other's adjoint, so second derivatives pass through both.

extension Tensor {
    /// Sum over `axes` (negative counts from the end). With `keepDims` the reduced axes stay as size 1.
    public func sum(axes: [Int], keepDims: Bool = false) -> Tensor {
        let ax = Set(axes.map { normalizedAxis($0, op: "sum") })
        var cur = self.detached()
        var curShape = shape
        // Reduce runs of neighbouring axes, last run first, each as one (outer, r, inner) kernel call.
        var a = rank - 1
        while a >= 0 {
            guard ax.contains(a) else { a -= 1; continue }
            var lo = a
            while lo - 1 >= 0 && ax.contains(lo - 1) { lo -= 1 }
            let outer = curShape[..<lo].reduce(1, *), r = curShape[lo...a].reduce(1, *)
            let inner = curShape[(a + 1)...].reduce(1, *)
            for i in lo...a { curShape[i] = 1 }
            let src = cur
            cur = Tensor(shape: curShape) { out in Kernels.sumMiddle(src.data, out, outer: outer, r: r, inner: inner) }
            a = lo - 1
        }
        let keptShape = curShape
        let outShape = keepDims ? keptShape : shape.enumerated().filter { !ax.contains($0.offset) }.map { $0.element }
        let y = Tensor(shape: outShape, storage: cur.storage)
        let inShape = shape
        return Tensor.record(y, op: "sum", inputs: [self]) { g, _ in
            [g.reshaped(keptShape).broadcastTo(inShape)]
        }
    }

    /// True when no element is NaN or ±∞ (a check, not an op: nothing is recorded).
    public var isAllFinite: Bool { Kernels.allFinite(data, count, squared: false) }

    /// True when every element and its square are finite (|x| ≤ 1.8e19): what a gradient needs for Adam's
    /// second moment to stay finite.
    public var hasFiniteSquares: Bool { Kernels.allFinite(data, count, squared: true) }

    /// Sum of all elements (shape []).
    public func sum() -> Tensor { sum(axes: Array(0..<rank)) }

    /// Mean over `axes`.
    public func mean(axes: [Int], keepDims: Bool = false) -> Tensor {
        let n = Set(axes.map { normalizedAxis($0, op: "mean") }).reduce(1) { $0 * shape[$1] }
        return sum(axes: axes, keepDims: keepDims) * (1 / Float(max(n, 1)))
    }

    /// Mean of all elements (shape []).
    public func mean() -> Tensor { sum() * (1 / Float(max(count, 1))) }

    /// This tensor broadcast to `target` (materialised).
    public func broadcastTo(_ target: [Int]) -> Tensor {
        if target == shape { return self }
        guard let plan = BroadcastPlan(shape, target), plan.outShape == target else {
            fatalError("broadcastTo: shape \(shape) cannot be broadcast to \(target)")
        }
        let y = Tensor(shape: target) { out in Kernels.broadcastCopy(data, out, plan: plan) }
        let inShape = shape
        return Tensor.record(y, op: "broadcast_to", inputs: [self]) { g, _ in [g.sumTo(inShape)] }
    }

    /// Sums this tensor down to `target`, undoing a broadcast from `target` to this shape.
    public func sumTo(_ target: [Int]) -> Tensor {
        if target == shape { return self }
        let lead = rank - target.count
        shapeCheck(lead >= 0, "sumTo: cannot reduce shape \(shape) to the larger rank of \(target)")
        var axes = Array(0..<lead)
        for (i, d) in target.enumerated() {
            if d == 1 && shape[lead + i] != 1 { axes.append(lead + i) }
            else { shapeCheck(d == shape[lead + i], "sumTo: shape \(shape) is not a broadcast of \(target)") }
        }
        return sum(axes: axes, keepDims: true).reshaped(target)
    }

    func normalizedAxis(_ a: Int, op: String) -> Int {
        let r = a < 0 ? a + rank : a
        shapeCheck(r >= 0 && r < max(rank, 1), "\(op): axis \(a) out of range for shape \(shape)")
        return r
    }
}
