// RadixSort: sorting a row of float32 projections, for SWD rows that SortedAbsoluteDifference cannot
// mostly leave unsorted (two near-identical sets). An LSD radix sort on order-preserving integer keys does the
// 65,536-element sorts of a 512-image SWD in 5 passes over memory (one that makes the keys and all three
// histograms, three scatters of 11, 11 and 10 bits, and the caller's read), several times faster than a
// comparison sort.
//
// Key: for IEEE floats, flipping all bits of negatives and only the sign bit of non-negatives gives
// unsigned integers in the same order (−0 sorts before +0; NaN does not occur in projections).

enum RadixSort {
    /// Sorts the `count` floats at `values` as keys; returns where the sorted keys are: `scratch`
    /// (three passes ping-pong values → scratch → values → scratch). `values` is overwritten.
    /// Read the result with `float(key:)`.
    static func sortedKeys(_ values: UnsafeMutablePointer<Float>, count n: Int,
                           scratch: UnsafeMutablePointer<UInt32>) -> UnsafeMutablePointer<UInt32> {
        let keys = UnsafeMutableRawPointer(values).assumingMemoryBound(to: UInt32.self)
        let hist = UnsafeMutablePointer<UInt32>.allocate(capacity: 3 * 2048)
        defer { hist.deallocate() }
        hist.initialize(repeating: 0, count: 3 * 2048)
        for i in 0..<n {
            let u = keys[i]
            let k = (u & 0x8000_0000) != 0 ? ~u : (u | 0x8000_0000)
            keys[i] = k
            hist[Int(k & 0x7FF)] &+= 1
            hist[2048 + Int((k >> 11) & 0x7FF)] &+= 1
            hist[4096 + Int(k >> 22)] &+= 1
        }
        for p in 0..<3 {
            var total: UInt32 = 0
            let h = hist + p * 2048
            for b in 0..<2048 { let c = h[b]; h[b] = total; total &+= c }
        }
        var src = keys, dst = scratch
        for p in 0..<3 {
            let h = hist + p * 2048
            let shift = UInt32(11 * p)
            for i in 0..<n {
                let k = src[i]
                let b = Int((k >> shift) & 0x7FF)
                dst[Int(h[b])] = k
                h[b] &+= 1
            }
            swap(&src, &dst)
        }
        return src
    }

    /// The float a key was made from.
    @inline(__always) static func float(key k: UInt32) -> Float {
        Float(bitPattern: (k & 0x8000_0000) != 0 ? (k & 0x7FFF_FFFF) : ~k)
    }
}
