// RadixSort: sorting a row of float32 projections, the inner loop of SWD (512 directions × 2 sets × every
// level, each a sort of N·128 numbers). An LSD radix sort on order-preserving integer keys does the
// 65,536-element sorts of a 512-image SWD in ~3 passes over memory, several times faster than a comparison sort.
//
// Key: for IEEE floats, flipping all bits of negatives and only the sign bit of non-negatives gives
// unsigned integers in the same order (−0 sorts before +0; NaN does not occur in projections).

enum RadixSort {
    /// Sorts `values` (count floats) ascending, in place; `scratch` holds at least `count` words.
    static func sort(_ values: UnsafeMutablePointer<Float>, count n: Int, scratch: UnsafeMutablePointer<UInt32>) {
        if n < 2 { return }
        let keys = UnsafeMutableRawPointer(values).assumingMemoryBound(to: UInt32.self)
        for i in 0..<n {
            let u = keys[i]
            keys[i] = (u & 0x8000_0000) != 0 ? ~u : (u | 0x8000_0000)
        }
        // Three passes of 11, 11 and 10 bits; ping-pong between the row and the scratch.
        var src = keys, dst = scratch
        var counts = [Int](repeating: 0, count: 2048)
        counts.withUnsafeMutableBufferPointer { cb in
            let cnt = cb.baseAddress!
            for shift in [0, 11, 22] {
                for b in 0..<2048 { cnt[b] = 0 }
                for i in 0..<n { cnt[Int((src[i] >> UInt32(shift)) & 0x7FF)] += 1 }
                var total = 0
                for b in 0..<2048 { let c = cnt[b]; cnt[b] = total; total += c }
                for i in 0..<n {
                    let k = src[i]
                    let b = Int((k >> UInt32(shift)) & 0x7FF)
                    dst[cnt[b]] = k
                    cnt[b] += 1
                }
                swap(&src, &dst)
            }
        }
        // After three passes the sorted keys are in `scratch`; map them back to floats in `values`.
        for i in 0..<n {
            let k = src[i]
            keys[i] = (k & 0x8000_0000) != 0 ? (k & 0x7FFF_FFFF) : ~k
        }
    }
}
