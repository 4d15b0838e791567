// SlicedWasserstein: the distance between two sets of descriptors, as the official sliced_wasserstein
// (tkarras/progressive_growing_of_gans, metrics/sliced_wasserstein.py): project both sets on random
// unit directions, sort each direction's projections, and average |sortedA − sortedB| over descriptors
// and directions (the official averages per repeat of 128 directions, then over repeats: the same mean,
// as every repeat has as many directions).
//
// Shapes: descriptors (n, K = 147) row-major; directions (K, D) row-major, as the official `dirs`;
// projections P are (Dc, n): one contiguous row per direction, so that a row sorts in place.
// Work: the projection is a GEMM, P = dirsᵀ · descᵀ, run on blocks of descriptors that are gathered
// (and normalised) on the fly; blocks go to the two cores as they free up (WorkQueue), each GEMM single-threaded.

import COpenBLAS
import Dispatch

/// Something that yields normalised descriptors in blocks: a matrix in memory, or a level's store.
protocol DescriptorSource {
    /// Number of descriptors (n).
    var descriptorCount: Int { get }
    /// Writes descriptors `range` to `dst` ((range.count, 147) row-major), normalised.
    func gather(_ range: Range<Int>, into dst: UnsafeMutablePointer<Float>)
}

/// Descriptors already in memory, (n, 147) row-major (the official finalize_descriptors output).
struct DescriptorMatrix: DescriptorSource {
    let values: [Float]
    var descriptorCount: Int { values.count / PatchDescriptors.length }
    func gather(_ range: Range<Int>, into dst: UnsafeMutablePointer<Float>) {
        let k = PatchDescriptors.length
        values.withUnsafeBufferPointer { v in
            dst.update(from: v.baseAddress! + range.lowerBound * k, count: range.count * k)
        }
    }
}

public enum SlicedWasserstein {
    /// Official: 4 repeats of 128 directions.
    public static let directionCount = 512

    /// `count` random unit directions, (147, count) row-major: Gaussian components normalised per
    /// direction in double precision, then rounded to float32 (as the official code).
    public static func randomDirections(count: Int, rng: inout SplitMix) -> [Float] {
        let k = PatchDescriptors.length
        var g = [Double](repeating: 0, count: k * count)
        for i in 0..<g.count { g[i] = rng.normal() }
        var out = [Float](repeating: 0, count: k * count)
        for d in 0..<count {
            var s: Double = 0
            for c in 0..<k { s += g[c * count + d] * g[c * count + d] }
            let inv = 1 / s.squareRoot()
            for c in 0..<k { out[c * count + d] = Float(g[c * count + d] * inv) }
        }
        return out
    }

    /// mean over directions and descriptors of |sort(a·dirs) − sort(b·dirs)|, for normalised descriptor
    /// matrices `a`, `b` ((n, 147) each, the same n) and `directions` ((147, D)).
    public static func distance(_ a: [Float], _ b: [Float], directions: [Float]) -> Double {
        let k = PatchDescriptors.length
        precondition(a.count == b.count && a.count % k == 0, "SlicedWasserstein.distance: sets of \(a.count) and \(b.count) floats; both must be (n, 147) with the same n")
        precondition(directions.count % k == 0, "SlicedWasserstein.distance: directions must be (147, D)")
        return distance(DescriptorMatrix(values: a), DescriptorMatrix(values: b), directions: directions)
    }

    /// Bytes the projections of both sets may take at once; directions are processed in chunks that fit.
    nonisolated(unsafe) public static var projectionBudget = 512 << 20

    /// Direction chunk for `n` descriptors per set and `D` directions: as many as the budget allows.
    static func chunk(directions D: Int, descriptors n: Int) -> Int {
        var chunk = D
        while chunk > 8 && 2 * chunk * n * 4 > projectionBudget { chunk = (chunk + 1) / 2 }
        return chunk
    }

    static func distance(_ a: some DescriptorSource, _ b: some DescriptorSource, directions: [Float],
                         workspace given: ProjectionWorkspace? = nil) -> Double {
        let k = PatchDescriptors.length
        let n = a.descriptorCount
        precondition(b.descriptorCount == n, "SlicedWasserstein: \(n) vs \(b.descriptorCount) descriptors; the official distance compares equal-sized sets")
        let D = directions.count / k
        if n == 0 || D == 0 { return 0 }
        openblas_set_num_threads(1)   // the engine's policy: our threads, never OpenBLAS's inside them
        // dirsT (D, 147): a chunk of directions is a contiguous block of rows.
        var dirsT = [Float](repeating: 0, count: D * k)
        for c in 0..<k { for d in 0..<D { dirsT[d * k + c] = directions[c * D + d] } }
        let workspace = given.flatMap { $0.n == n ? $0 : nil }
            ?? ProjectionWorkspace(count: n, rows: chunk(directions: D, descriptors: n), workers: 2)
        let chunk = min(workspace.rows, D)
        let pa = workspace.projectionsA, pb = workspace.projectionsB
        var total: Double = 0
        var d0 = 0
        while d0 < D {
            let dc = min(chunk, D - d0)
            dirsT.withUnsafeBufferPointer { dt in
                project(a, directions: dt.baseAddress! + d0 * k, count: dc, into: pa)
                project(b, directions: dt.baseAddress! + d0 * k, count: dc, into: pb)
            }
            total += sortedDistanceSum(pa, pb, rows: dc, length: n, rowDistances: workspace.rowDistances)
            d0 += dc
        }
        return total / Double(D) / Double(n)
    }

    /// P (dc, n) = dirsT (dc, 147) · descᵀ, over blocks of descriptors split between the two cores.
    static func project(_ source: some DescriptorSource, directions: UnsafePointer<Float>, count dc: Int,
                        into p: UnsafeMutablePointer<Float>) {
        let k = PatchDescriptors.length
        let n = source.descriptorCount
        let block = 2048
        let blocks = (n + block - 1) / block
        let gathered = (0..<2).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: block * k) }   // (block, 147) per worker
        defer { gathered.forEach { $0.deallocate() } }
        WorkQueue.run(count: blocks, workers: 2) { w, bi in
            let g = gathered[w]
            let lo = bi * block, hi = min(n, lo + block)
            source.gather(lo..<hi, into: g)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(dc), Int32(hi - lo), Int32(k),
                        1, directions, Int32(k), g, Int32(k), 0, p + lo, Int32(n))
        }
    }

    /// Σ over rows of Σ_i |sort(a_row)[i] − sort(b_row)[i]| (SortedAbsoluteDifference); rows shared by the workers.
    static func sortedDistanceSum(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>,
                                  rows: Int, length n: Int, rowDistances: [SortedAbsoluteDifference]) -> Double {
        // Rows go to whichever worker is free; their sums are added in row order (the same result every run).
        var perRow = [Double](repeating: 0, count: rows)
        perRow.withUnsafeMutableBufferPointer { sums in
            let out = sums.baseAddress!
            WorkQueue.run(count: rows, workers: rowDistances.count) { w, r in
                out[r] = rowDistances[w].sum(a + r * n, b + r * n)
            }
        }
        return perRow.reduce(0, +)
    }
}
