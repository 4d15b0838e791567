// Reduction and broadcast-copy kernels.
//
// sumMiddle: x is (outer, r, inner) contiguous; out is (outer, inner) with out[o, i] = Σ_k x[o, k, i].
// Any set of axes is reduced as a few such calls (one per run of neighbouring axes).

extension Kernels {
    static func sumMiddle(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, outer: Int, r: Int, inner: Int) {
        if inner == 1 {
            // Row sums: parallel over rows, each a SIMD-friendly loop with 8 partial sums.
            Parallel.forRange(outer, grain: max(1, Parallel.elementGrain / max(r, 1))) { range in
                for o in range { out[o] = sumContiguous(x + o * r, r) }
            }
            return
        }
        if outer == 1 && inner < 1024 && r >= 2 * reductionParts && r * inner >= Parallel.elementGrain {
            // Few columns, many rows (e.g. a bias gradient summed over the batch): the rows in a fixed number of
            // parts (not one per worker, so the sum is the same on any core count; FixedPartSum.swift), each
            // into its own partial, then the partials added in order.
            let parts = reductionParts
            let partials = UnsafeMutablePointer<Float>.allocate(capacity: parts * inner)
            defer { partials.deallocate() }
            partials.initialize(repeating: 0, count: parts * inner)
            Parallel.forRange(parts) { range in
                for c in range {
                    let p = partials + c * inner
                    for k in (r * c / parts)..<(r * (c + 1) / parts) {
                        let row = x + k * inner
                        for i in 0..<inner { p[i] += row[i] }
                    }
                }
            }
            for i in 0..<inner {
                var s: Float = 0
                for c in 0..<parts { s += partials[c * inner + i] }
                out[i] = s
            }
            return
        }
        Parallel.forRange(outer * inner, grain: Parallel.elementGrain / max(r, 1) + 1) { range in
            // Parallel over output elements, grouped by outer index so that inner loops are contiguous.
            var idx = range.lowerBound
            while idx < range.upperBound {
                let o = idx / inner, i0 = idx % inner
                let i1 = min(inner, i0 + (range.upperBound - idx))
                let dst = out + o * inner
                for i in i0..<i1 { dst[i] = 0 }
                for k in 0..<r {
                    let row = x + (o * r + k) * inner
                    for i in i0..<i1 { dst[i] += row[i] }
                }
                idx += i1 - i0
            }
        }
    }

    /// Σ x[0..<n] with 8 independent accumulators (vectorises, and is more accurate than one running sum).
    @inline(__always)
    static func sumContiguous(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD8<Float>(repeating: 0)
        var i = 0
        while i + 8 <= n {
            acc += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var s = acc.sum()
        while i < n { s += x[i]; i += 1 }
        return s
    }

    /// out (shape `plan.outShape`) = x broadcast; the plan is BroadcastPlan(x.shape, target) whose
    /// b side is ignored.
    static func broadcastCopy(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, plan: BroadcastPlan) {
        let inner = plan.dims.last!, rows = plan.count / max(inner, 1)
        let sa = plan.aStrides.last!
        Parallel.forRange(rows, grain: max(1, Parallel.elementGrain / max(inner, 1))) { r in
            for row in r {
                let (oa, _) = plan.offsets(ofRow: row)
                let o = out + row * inner
                if sa == 1 { o.update(from: x + oa, count: inner) }
                else if sa == 0 { o.update(repeating: x[oa], count: inner) }
                else { for i in 0..<inner { o[i] = x[oa + i * sa] } }
            }
        }
    }
}

extension Kernels {
    /// True when every x[0..<n] is finite (`squared`: and so is its square, |x| ≤ 1.8e19). s − s is 0 for a finite
    /// s and NaN for NaN or ±∞ (a square that overflows is ∞), so the sum of those is 0 exactly when all pass: no
    /// branch per element, and it vectorises. Adam squares every gradient: one whose squares pass keeps its moments finite.
    static func allFinite(_ x: UnsafePointer<Float>, _ n: Int, squared: Bool) -> Bool {
        var acc = SIMD8<Float>(repeating: 0)
        var i = 0
        while i + 8 <= n {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            let s = squared ? v * v : v
            acc += s - s
            i += 8
        }
        var tail: Float = 0
        while i < n { let s = squared ? x[i] * x[i] : x[i]; tail += s - s; i += 1 }
        return acc.sum() + tail == 0
    }
}
