// Parallel: splitting a loop over the machine's cores.
//
// All parallelism is ours: OpenBLAS is set to one thread (see Gemm.swift), so a GEMM called inside
// one of these loops never starts threads of its own.

import Dispatch
import Foundation

public enum Parallel {
    /// Worker count: $PROGANSR_THREADS if set (a whole number ≥ 1), else the machine's cores. Settable for
    /// single-thread benchmarks. Results never depend on it (reductions are cut into fixed parts: FixedPartSum.swift).
    nonisolated(unsafe) public static var workers = threadsFromEnvironment ?? max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// $PROGANSR_THREADS as a worker count; nil when unset or not a whole number from 1 to 256 (the CLI refuses those).
    public static var threadsFromEnvironment: Int? {
        guard let text = ProcessInfo.processInfo.environment["PROGANSR_THREADS"], let n = Int(text), (1...256).contains(n) else { return nil }
        return n
    }

    /// Calls `body` on disjoint chunks covering 0..<count, in parallel when each chunk gets at least
    /// `grain` items. `body` must only write to places its own range owns.
    @inline(__always)
    public static func forRange(_ count: Int, grain: Int = 1, _ body: (Range<Int>) -> Void) {
        let chunks = min(workers, count / max(grain, 1))
        if chunks <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = count * c / chunks, hi = count * (c + 1) / chunks
            if lo < hi { body(lo..<hi) }
        }
    }

    /// Element-wise loops go parallel from this many elements (smaller ones lose to the thread hand-off).
    static let elementGrain = 1 << 15
}
