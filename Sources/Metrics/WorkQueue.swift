// WorkQueue: items 0..<count handed to a fixed number of worker threads one at a time, from a shared
// counter. On this shared 2-core machine a core is often half taken by another process; a static
// split then waits for the slowed half, while here the faster worker simply takes more items.
// Each worker keeps its own scratch (the `worker` index says which).

import Foundation

enum WorkQueue {
    /// Calls `body(worker, item)` for every item in 0..<count, on `workers` threads (at most count).
    static func run(count: Int, workers: Int, _ body: (_ worker: Int, _ item: Int) -> Void) {
        let threads = min(workers, count)
        if threads <= 1 {
            for i in 0..<count { body(0, i) }
            return
        }
        let lock = NSLock()
        let next = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        next.initialize(to: 0)
        defer { next.deallocate() }
        DispatchQueue.concurrentPerform(iterations: threads) { w in
            while true {
                lock.lock()
                let i = next.pointee
                next.pointee = i + 1
                lock.unlock()
                if i >= count { return }
                body(w, i)
            }
        }
    }
}
