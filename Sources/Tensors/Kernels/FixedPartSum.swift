// FixedPartSum: the weight gradients' reduction over images (or tiles, or bands) on all cores, with a result
// that does not depend on how many cores there are.
//
//   out (count) = ((p_0 + p_1) + p_2) + …,   p_k (count) = Σ over part k's items of body's GEMMs (beta 1, from 0)
//
// The items are cut into `parts` contiguous ranges, a number fixed by the shapes alone (never by the worker
// count); the workers share the parts out, each part sums into its own zeroed partial, and the partials are
// added in part order. So a training step gives the same bits on 1, 2 or 64 cores, and a run resumed on
// another machine continues exactly (PROGANSR_THREADS=1 and =2 give identical checkpoints; CLITests).

extension Kernels {
    /// Parts a reduction is cut into (fewer when there are fewer items, or when the partials would pass
    /// `partialFloatBudget`). More parts than cores cost a few extra passes over the partials only.
    static let reductionParts = 8
    static let partialFloatBudget = 1 << 24   // 64 MB of partial sums at most

    /// Calls `body(items, partial)` for each part of 0..<items with that part's zeroed partial of `count`
    /// floats (parts in parallel), then writes the sum of the partials, in part order, to `out` (overwritten).
    static func sumInFixedParts(items: Int, count: Int, into out: UnsafeMutablePointer<Float>,
                                _ body: (_ items: Range<Int>, _ partial: UnsafeMutablePointer<Float>) -> Void) {
        let parts = max(1, min(reductionParts, items, partialFloatBudget / max(count, 1)))
        let partials = UnsafeMutablePointer<Float>.allocate(capacity: parts * count)
        defer { partials.deallocate() }
        Parallel.forRange(parts) { range in
            for p in range {
                let part = partials + p * count
                part.update(repeating: 0, count: count)
                body((items * p / parts)..<(items * (p + 1) / parts), part)
            }
        }
        out.update(from: partials, count: count)
        for p in 1..<parts {
            let part = partials + p * count
            for i in 0..<count { out[i] += part[i] }
        }
    }
}
