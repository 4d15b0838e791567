// Parallel: splitting a loop over the machine's cores.
//
// All parallelism is ours: OpenBLAS is set to one thread (see Gemm.swift), so a GEMM called inside
// one of these loops never starts threads of its own. The loops run on WorkerPool.swift's threads.

import Foundation

public enum Parallel {
    /// Worker count: $PROGANSR_THREADS if set (a whole number ≥ 1), else the cores this process may run on. Settable
    /// for single-thread benchmarks. Results never depend on it (reductions are cut into fixed parts: FixedPartSum.swift).
    nonisolated(unsafe) public static var workers = threadsFromEnvironment ?? usableCores

    /// The cores this process may run on: its CPU affinity on Linux (`taskset -c 0` gives 1, where Foundation's
    /// activeProcessorCount still counts the machine's), else the active processors. Read once, at start-up.
    public static let usableCores: Int = {
        #if os(Linux)
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }),
           let count = cpuListCount(line.dropFirst("Cpus_allowed_list:".count)), count > 0 {
            return count
        }
        #endif
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// The number of CPUs in a Linux CPU list such as "0-3,8,10-11"; nil if it is not one.
    public static func cpuListCount<S: StringProtocol>(_ list: S) -> Int? {
        var total = 0
        for part in list.split(separator: ",") {
            let bounds = part.trimmingCharacters(in: .whitespaces).split(separator: "-")
            guard let lo = bounds.first.flatMap({ Int($0) }), bounds.count <= 2 else { return nil }
            let hi = bounds.count == 2 ? Int(bounds[1]) : lo
            guard let hi, hi >= lo else { return nil }
            total += hi - lo + 1
        }
        return total
    }

    /// The helper threads: workers − 1 of them, made at the first parallel loop. They spin briefly between loops
    /// unless there are more workers than cores (WorkerPool.swift).
    nonisolated(unsafe) static var pool: WorkerPool = WorkerPool(helpers: workers - 1,
                                                                spinLimit: workers <= usableCores ? 1 << 16 : 0)

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
        pool.run(chunks: chunks) { c in
            let lo = count * c / chunks, hi = count * (c + 1) / chunks
            if lo < hi { body(lo..<hi) }
        }
    }

    /// Element-wise loops go parallel from this many elements (smaller ones lose to the thread hand-off).
    static let elementGrain = 1 << 15
}
