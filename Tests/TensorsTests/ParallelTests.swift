// Parallel.forRange on the worker pool (Core/Parallel.swift, Core/WorkerPool.swift): every index is visited exactly
// once, loop after loop (the pool's helpers claim chunks of the loop they were woken for, never of an older one), from
// inside another loop, from several threads at once, and after the helpers have gone to sleep.

import Foundation
import Tensors
import XCTest

final class ParallelTests: XCTestCase {
    /// Visits of each index of 0..<count by forRange, counted in a buffer each chunk writes only where it owns.
    private func visits(_ count: Int, grain: Int) -> [Int] {
        var seen = [Int](repeating: 0, count: count)
        seen.withUnsafeMutableBufferPointer { buffer in
            let p = buffer.baseAddress
            Parallel.forRange(count, grain: grain) { r in for i in r { p![i] += 1 } }
        }
        return seen
    }

    func testEveryIndexOnceInManyBackToBackLoops() {
        for round in 0..<20_000 {
            let count = round % 97, grain = 1 + round % 5
            let seen = visits(count, grain: grain)
            if seen != [Int](repeating: 1, count: count) {
                return XCTFail("loop \(round): count \(count), grain \(grain): visits \(seen)")
            }
        }
    }

    func testMoreChunksThanThreads() {
        let saved = Parallel.workers
        defer { Parallel.workers = saved }
        Parallel.workers = 7
        for count in [7, 100, 1001] { XCTAssertEqual(visits(count, grain: 1), [Int](repeating: 1, count: count), "count \(count)") }
    }

    func testLoopsAfterTheHelpersSleep() {
        for _ in 0..<3 {
            XCTAssertEqual(visits(1000, grain: 1), [Int](repeating: 1, count: 1000))
            Thread.sleep(forTimeInterval: 0.05)   // longer than a helper spins
        }
    }

    func testNestedLoopsRunEveryInnerIndex() {
        let outer = 8, inner = 500
        var seen = [Int](repeating: 0, count: outer * inner)
        seen.withUnsafeMutableBufferPointer { buffer in
            let p = buffer.baseAddress
            Parallel.forRange(outer) { rows in
                for row in rows { Parallel.forRange(inner) { r in for i in r { p![row * inner + i] += 1 } } }
            }
        }
        XCTAssertEqual(seen, [Int](repeating: 1, count: outer * inner))
    }

    func testLoopsFromSeveralThreadsAtOnce() {
        let threads = 4, count = 3000
        nonisolated(unsafe) var failures = [Int](repeating: 0, count: threads)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for _ in 0..<300 where visits(count, grain: 7) != [Int](repeating: 1, count: count) { failures[t] += 1 }
        }
        XCTAssertEqual(failures, [Int](repeating: 0, count: threads))
    }

    func testCPUListCounts() {
        XCTAssertEqual(Parallel.cpuListCount("0-3,8,10-11"), 7)
        XCTAssertEqual(Parallel.cpuListCount(" 0"), 1)
        XCTAssertEqual(Parallel.cpuListCount("2-5"), 4)
        XCTAssertNil(Parallel.cpuListCount("3-1"))
        XCTAssertNil(Parallel.cpuListCount("ff"))
        XCTAssertGreaterThanOrEqual(Parallel.usableCores, 1)
    }
}
