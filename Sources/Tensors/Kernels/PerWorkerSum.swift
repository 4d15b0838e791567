// PerWorkerSum: the weight gradients' reduction over images (or tiles, or bands) on all cores.
//
//   out (count)   = Σ_worker partial_worker,   partial_w (count) = Σ over worker w's items of body's GEMMs (beta 1)
//
// Items are split into contiguous ranges, one per worker; each worker sums into its own zeroed partial, and the
// partials are added in worker order. The result depends on the worker count, never on timing.

extension Kernels {
    /// Calls `body(items, partial)` once per worker with its range of 0..<items and its zeroed partial of
    /// `count` floats, then writes the sum of the partials to `out` (overwritten).
    static func sumPerWorker(items: Int, count: Int, into out: UnsafeMutablePointer<Float>,
                             _ body: (_ items: Range<Int>, _ partial: UnsafeMutablePointer<Float>) -> Void) {
        let workers = max(1, min(Parallel.workers, items))
        let partials = UnsafeMutablePointer<Float>.allocate(capacity: workers * count)
        defer { partials.deallocate() }
        DispatchQueueConcurrent.run(workers) { worker in
            let part = partials + worker * count
            part.update(repeating: 0, count: count)
            body((items * worker / workers)..<(items * (worker + 1) / workers), part)
        }
        out.update(from: partials, count: count)
        for worker in 1..<workers {
            let part = partials + worker * count
            for i in 0..<count { out[i] += part[i] }
        }
    }
}
