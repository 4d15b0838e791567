// SortedAbsoluteDifference: Σ_i |sort(a)[i] − sort(b)[i]| for two rows of n floats (one direction of
// SWD, the official np.abs(np.sort(projA) − np.sort(projB))), without sorting most of the values.
//
// Why it is exact: write the sum as Σ_i σ_i (a_(i) − b_(i)) with σ_i = sign(a_(i) − b_(i)). The sign of
// a's term depends only on how many b lie at or below a (b_(i) > a_(i) iff #{b ≤ a_(i)} ≤ i), and of b's
// term on how many a lie strictly below b (a_(i) ≥ b_(i) iff #{a < b_(i)} ≤ i). Cut the line into
// buckets with a monotone function of the value (values in a lower bucket are smaller). With CA, CB the
// counts of a and b below a bucket and nA, nB its own counts:
//   CA − CB ≥ nB       every a and b of the bucket has σ = −1  (a's rank ≥ CA ≥ CB + nB ≥ #{b ≤ a}),
//   CA − CB + nA ≤ 0   every a and b of the bucket has σ = +1,
// so such a bucket adds ∓(Σa − Σb) whatever the order inside it. Only the other ("mixed") buckets are
// sorted, and their values' signs found by merging. For two sets of 65,536 values and 16,384 buckets
// over mean ± 4 std, a few percent of the values fall in mixed buckets (even for two samples of the
// same distribution); when most do (e.g. a set against a permutation of itself) both rows are
// radix-sorted instead. Sums are in double precision; the official float32 |a − b| rounds each term,
// which moves the mean by ~1e-7 relative.
//
// Shapes: a, b are (n) float; buckets M = 16,384; the mixed values of a row are gathered into (n + 1)
// slots (the last is where values of other buckets are written and ignored, so the gather has no branch).

struct SortedAbsoluteDifference {
    static let buckets = 16_384          // ≤ 65,536: a bucket index is kept in 2 bytes
    /// Bucket range: mean ± this many standard deviations of the two rows; values outside go to the end buckets.
    static let halfRange: Float = 4
    /// Values of each row the range is estimated from.
    static let rangeSample = 4096

    let n: Int
    private let countA, countB: UnsafeMutablePointer<Int32>      // (M) values per bucket
    private let entryA, entryB: UnsafeMutablePointer<Entry>      // (M) per bucket: gather slot and sign
    private let mixed: UnsafeMutablePointer<MixedBucket>         // (M) the mixed buckets in value order
    private let gatheredA, gatheredB: UnsafeMutablePointer<Float>  // (n + 1) each
    private let keysA, keysB: UnsafeMutablePointer<UInt32>       // (n) radix scratch for the fallback

    /// A bucket as the gather reads it: σ of the set's values there (±1, or 0 when mixed), and the next
    /// slot for a mixed bucket's value (the ignored slot n for the others).
    private struct Entry { var slot: Int32; var sign: Float }
    private struct MixedBucket { var belowA, belowB, startA, countA, startB, countB: Int32 }

    /// Scratch for rows of `n` values; one per thread.
    init(count n: Int) {
        let m = Self.buckets
        self.n = n
        countA = .allocate(capacity: m); countB = .allocate(capacity: m)
        entryA = .allocate(capacity: m); entryB = .allocate(capacity: m); mixed = .allocate(capacity: m)
        gatheredA = .allocate(capacity: n + 1); gatheredB = .allocate(capacity: n + 1)
        keysA = .allocate(capacity: max(n, 1)); keysB = .allocate(capacity: max(n, 1))
    }

    func deallocate() {
        countA.deallocate(); countB.deallocate(); entryA.deallocate(); entryB.deallocate(); mixed.deallocate()
        gatheredA.deallocate(); gatheredB.deallocate(); keysA.deallocate(); keysB.deallocate()
    }

    /// Σ_i |sort(a)[i] − sort(b)[i]| over the `n` values of each row. The rows may be overwritten.
    func sum(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>) -> Double {
        if n == 0 { return 0 }
        let m = Self.buckets
        // Bucket function v ↦ clamp((v − lo) · scale, 0, M − 1), truncated: monotone in v, as rounding is.
        // The range from the first values of each row (descriptors come image by image, so these are
        // the first 32 images' patches); only the speed depends on it. All values when those are constant.
        var (mean, std) = Self.meanAndStd(a, b, count: Swift.min(n, Self.rangeSample))
        if !(std > 0) { (mean, std) = Self.meanAndStd(a, b, count: n) }
        guard std > 0, std.isFinite, mean.isFinite else { return sortedSum(a, b) }
        let lo = mean - Self.halfRange * std
        let scale = Float(m) / (2 * Self.halfRange * std)
        let top = Float(m - 1)
        @inline(__always) func bucket(_ v: Float) -> Int { Int(Swift.min(Swift.max((v - lo) * scale, 0), top)) }

        countA.initialize(repeating: 0, count: m); countB.initialize(repeating: 0, count: m)
        // Each value's bucket is kept (2 bytes, in the radix scratch) for the gather below.
        let bucketOfA = UnsafeMutableRawPointer(keysA).assumingMemoryBound(to: UInt16.self)
        let bucketOfB = UnsafeMutableRawPointer(keysB).assumingMemoryBound(to: UInt16.self)
        for i in 0..<n {
            let ka = bucket(a[i]), kb = bucket(b[i])
            bucketOfA[i] = UInt16(truncatingIfNeeded: ka); bucketOfB[i] = UInt16(truncatingIfNeeded: kb)
            countA[ka] &+= 1; countB[kb] &+= 1
        }

        // Sweep the buckets in value order: signs, and gather slots for the mixed ones.
        var belowA: Int32 = 0, belowB: Int32 = 0, slotA: Int32 = 0, slotB: Int32 = 0, mixedCount = 0
        let trash = Int32(n)
        for k in 0..<m {
            let na = countA[k], nb = countB[k]
            let lead = belowA - belowB
            if lead >= nb || lead + na <= 0 {
                // σ of a's values; b's terms enter with −σ (the sum is Σσa − Σσb).
                let s: Float = lead >= nb ? -1 : 1
                entryA[k] = Entry(slot: trash, sign: s); entryB[k] = Entry(slot: trash, sign: -s)
            } else {
                entryA[k] = Entry(slot: slotA, sign: 0); entryB[k] = Entry(slot: slotB, sign: 0)
                mixed[mixedCount] = MixedBucket(belowA: belowA, belowB: belowB, startA: slotA, countA: na, startB: slotB, countB: nb)
                mixedCount += 1
                slotA += na; slotB += nb
            }
            belowA += na; belowB += nb
        }
        // Mostly mixed (near-identical rows): sorting everything is cheaper than gathering.
        if Int(slotA + slotB) > n { return sortedSum(a, b) }

        // Signed sums over the unmixed buckets (four accumulators: the adds do not wait on each other),
        // and the mixed buckets' values gathered into their slots.
        let total = Self.signedGather(a, count: n, buckets: bucketOfA, entries: entryA, into: gatheredA)
                  + Self.signedGather(b, count: n, buckets: bucketOfB, entries: entryB, into: gatheredB)

        // Mixed buckets: sort each side, then each value's sign from the other side's count below it.
        var mixedSum: Double = 0
        for j in 0..<mixedCount {
            let mb = mixed[j]
            let ra = gatheredA + Int(mb.startA), rb = gatheredB + Int(mb.startB)
            let na = Int(mb.countA), nb = Int(mb.countB)
            Self.sortSmall(ra, count: na)
            Self.sortSmall(rb, count: nb)
            // a at local index i has rank belowA + i; it is below its partner iff #{b ≤ a} ≤ its rank.
            var p = 0
            for i in 0..<na {
                let v = ra[i]
                while p < nb && rb[p] <= v { p += 1 }
                mixedSum += Int(mb.belowB) + p <= Int(mb.belowA) + i ? -Double(v) : Double(v)
            }
            // b at local index i: a_(rank) ≥ b iff #{a < b} ≤ its rank; then the term is a − b.
            p = 0
            for i in 0..<nb {
                let v = rb[i]
                while p < na && ra[p] < v { p += 1 }
                mixedSum += Int(mb.belowA) + p <= Int(mb.belowB) + i ? -Double(v) : Double(v)
            }
        }
        return total + mixedSum
    }

    /// Σ sign · v over a row, and the values of mixed buckets written to their slots.
    @inline(__always)
    private static func signedGather(_ x: UnsafePointer<Float>, count n: Int, buckets: UnsafePointer<UInt16>,
                                     entries: UnsafeMutablePointer<Entry>, into dst: UnsafeMutablePointer<Float>) -> Double {
        var s0: Double = 0, s1: Double = 0, s2: Double = 0, s3: Double = 0
        @inline(__always) func one(_ i: Int) -> Double {
            let v = x[i], k = Int(buckets[i])
            let e = entries[k]
            dst[Int(e.slot)] = v
            entries[k].slot = e.slot &+ (e.sign == 0 ? 1 : 0)
            return Double(e.sign * v)     // exact: ±v or 0
        }
        var i = 0
        while i + 4 <= n {
            s0 += one(i); s1 += one(i + 1); s2 += one(i + 2); s3 += one(i + 3)
            i += 4
        }
        while i < n { s0 += one(i); i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// The fallback: radix-sort both rows and sum |a − b| (float differences, as the official).
    private func sortedSum(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>) -> Double {
        let ka = RadixSort.sortedKeys(a, count: n, scratch: keysA)
        let kb = RadixSort.sortedKeys(b, count: n, scratch: keysB)
        var s: Double = 0
        for i in 0..<n { s += Double(abs(RadixSort.float(key: ka[i]) - RadixSort.float(key: kb[i]))) }
        return s
    }

    /// Mean and population std of the first n values of both rows (float sums in 8 lanes: only the bucket range uses them).
    private static func meanAndStd(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count n: Int) -> (Float, Float) {
        var s = SIMD8<Float>(), q = SIMD8<Float>()
        var ts: Float = 0, tq: Float = 0
        for row in [a, b] {
            let raw = UnsafeRawPointer(row)
            var i = 0
            while i + 8 <= n {
                let v = raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
                s += v; q += v * v
                i += 8
            }
            while i < n { ts += row[i]; tq += row[i] * row[i]; i += 1 }
        }
        let count = Float(2 * n)
        let mean = (s.sum() + ts) / count
        let variance = (q.sum() + tq) / count - mean * mean
        return (mean, variance > 0 ? variance.squareRoot() : 0)
    }

    /// Ascending sort in place: insertion sort for the usual few values, the standard sort beyond.
    private static func sortSmall(_ x: UnsafeMutablePointer<Float>, count n: Int) {
        if n > 32 { var all = UnsafeMutableBufferPointer(start: x, count: n); all.sort(); return }
        var i = 1
        while i < n {
            let v = x[i]
            var j = i - 1
            while j >= 0 && x[j] > v { x[j + 1] = x[j]; j -= 1 }
            x[j + 1] = v
            i += 1
        }
    }
}
