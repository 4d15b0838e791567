// WorkerPool: the threads Parallel.forRange runs its chunks on.
//
// A training step runs several hundred parallel loops of 0.05–1 ms each. libdispatch's concurrentPerform puts its
// workers to sleep in the kernel between loops, so every loop began with a futex wake and a context switch
// (about 600 context switches per 32 px step). Here each helper thread spins for a short while after a loop before
// it sleeps, so back-to-back loops start without a system call — what OpenMP runtimes do (GOMP_SPINCOUNT,
// KMP_BLOCKTIME). Which thread runs a chunk is decided at run time, but the chunks themselves are fixed by the
// caller, so results never depend on the scheduling.
//
// The loop being run is one 64-bit word: generation (high 32 bits) | chunk count (16) | next unclaimed chunk (16).
// A thread runs chunk c only after claiming it with a compare-exchange on that word, so it can never run a chunk of
// a loop that has ended; the caller clears `body` only after every claimed chunk has reported back in `finished`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

final class WorkerPool: @unchecked Sendable {
    /// Helper threads (the calling thread is the other worker).
    let helpers: Int
    /// Spin iterations of a helper before it sleeps (0 when there are more workers than cores: a spinning helper
    /// would take the core from the thread it waits for).
    private let spinLimit: Int

    private let state = Atomic<UInt64>(0)
    private let finished = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let running = Atomic<Bool>(false)
    /// The running loop's body: written by the caller before it publishes a generation, read by a thread only after
    /// it claimed a chunk of that generation.
    private let body = UnsafeMutablePointer<((Int) -> Void)?>.allocate(capacity: 1)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    static let maxChunks = 0xFFFF

    init(helpers: Int, spinLimit: Int) {
        self.helpers = max(0, helpers)
        self.spinLimit = spinLimit
        body.initialize(to: nil)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
        for _ in 0..<self.helpers { startHelper() }
    }

    /// Calls body(c) once for every c in 0..<chunks, on this thread and the helpers; returns when all are done.
    /// A call made while the pool is busy (from inside a chunk, or from another thread) runs its chunks serially.
    func run(chunks: Int, _ work: (Int) -> Void) {
        guard helpers > 0, chunks > 1, chunks <= Self.maxChunks,
              running.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for c in 0..<chunks { work(c) }
            return
        }
        withoutActuallyEscaping(work) { work in
            body.pointee = work
            finished.store(0, ordering: .relaxed)
            let generation = ((state.load(ordering: .relaxed) >> 32) &+ 1) & 0xFFFF_FFFF
            state.store(generation << 32 | UInt64(chunks) << 16, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(mutex); pthread_cond_broadcast(wake); pthread_mutex_unlock(mutex)
            }
            var done = 0
            while let c = claim(generation) { work(c); done += 1 }
            finished.add(done, ordering: .releasing)
            var spins = 0
            while finished.load(ordering: .acquiring) < chunks {
                spins += 1
                if spins > 4096 { sched_yield() }
            }
            body.pointee = nil
        }
        running.store(false, ordering: .releasing)
    }

    /// The next unclaimed chunk of `generation`, claimed; nil when that loop has none left (or has ended).
    private func claim(_ generation: UInt64) -> Int? {
        var s = state.load(ordering: .acquiring)
        while true {
            guard s >> 32 == generation, s & 0xFFFF < (s >> 16) & 0xFFFF else { return nil }
            let (exchanged, original) = state.compareExchange(expected: s, desired: s + 1, ordering: .acquiringAndReleasing)
            if exchanged { return Int(s & 0xFFFF) }
            s = original
        }
    }

    private func helperLoop() {
        var seen = state.load(ordering: .acquiring) >> 32
        while true {
            var generation = state.load(ordering: .acquiring) >> 32
            var spins = 0
            while generation == seen {
                if spins < spinLimit {
                    spins += 1
                    generation = state.load(ordering: .acquiring) >> 32
                    continue
                }
                pthread_mutex_lock(mutex)
                sleepers.add(1, ordering: .sequentiallyConsistent)
                while true {
                    generation = state.load(ordering: .sequentiallyConsistent) >> 32
                    if generation != seen { break }
                    pthread_cond_wait(wake, mutex)
                }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                pthread_mutex_unlock(mutex)
            }
            seen = generation
            var done = 0
            while let c = claim(generation) { runClaimed(c); done += 1 }
            if done > 0 { finished.add(done, ordering: .releasing) }
        }
    }

    /// Runs a claimed chunk; the copy of the body is released before the chunk is reported finished.
    @inline(never)
    private func runClaimed(_ c: Int) {
        guard let work = body.pointee else { fatalError("WorkerPool: chunk \(c) claimed with no loop body") }
        work(c)
    }

    private func startHelper() {
        let thread = Thread { [self] in helperLoop() }   // the pool lives as long as the process
        thread.name = "progan-sr worker"
        thread.start()
    }
}
