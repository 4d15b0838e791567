// Storage: the float buffer behind a tensor.
//
// 64-byte aligned (one cache line, and whole AVX-512/AVX2 vectors), reference counted, and recycled
// through `BufferPool` so that a training step, which makes the same activation shapes every step,
// does not call malloc for each of them.

import Foundation

/// A reference-counted, 64-byte-aligned float buffer. Returns itself to the pool when released.
public final class Storage: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<Float>
    public let count: Int

    /// Uninitialised storage of `count` floats (contents are whatever the pool had).
    init(uninitializedCount count: Int) {
        self.count = count
        self.pointer = BufferPool.shared.take(count)
    }

    deinit { BufferPool.shared.give(pointer, count) }
}

/// Recycles buffers by exact element count. Bounded: beyond `limitBytes` pooled, buffers are freed.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool()

    private var free: [Int: [UnsafeMutablePointer<Float>]] = [:]
    private var pooledBytes = 0
    private let lock = NSLock()
    /// Keep at most this many bytes of idle buffers (a training step at 64 px needs a few hundred MB).
    var limitBytes = 2 << 30

    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        let n = max(count, 1)
        lock.lock()
        if var list = free[n], let p = list.popLast() {
            free[n] = list
            pooledBytes -= n * 4
            lock.unlock()
            return p
        }
        lock.unlock()
        guard let raw = aligned_alloc_64(bytes: n * MemoryLayout<Float>.stride) else {
            fatalError("Tensors: out of memory allocating \(n) floats (\(n * 4 / 1_048_576) MB)")
        }
        return raw.bindMemory(to: Float.self, capacity: n)
    }

    func give(_ p: UnsafeMutablePointer<Float>, _ count: Int) {
        let n = max(count, 1)
        lock.lock()
        if pooledBytes + n * 4 <= limitBytes {
            free[n, default: []].append(p)
            pooledBytes += n * 4
            lock.unlock()
        } else {
            lock.unlock()
            Foundation.free(p)
        }
    }

    /// Frees every idle buffer (for example between the stages of a pipeline).
    func drain() {
        lock.lock(); defer { lock.unlock() }
        for (_, list) in free { for p in list { Foundation.free(p) } }
        free = [:]
        pooledBytes = 0
    }
}

private func aligned_alloc_64(bytes: Int) -> UnsafeMutableRawPointer? {
    var p: UnsafeMutableRawPointer? = nil
    let rounded = (bytes + 63) & ~63
    return posix_memalign(&p, 64, rounded) == 0 ? p : nil
}
