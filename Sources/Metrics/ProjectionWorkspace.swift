// ProjectionWorkspace: the memory SWD's distance works in, kept across levels (every level of a set has
// the same number of descriptors) so that the 2 × 128 MB of projections of a 512-image SWD are mapped
// once, not once per level.
//
// Shapes: projections of each set (rows, n) float, rows = the directions done at once; per worker, a
// SortedAbsoluteDifference scratch for rows of n.
// (Transparent huge pages for the projections were tried: fewer faults, but on this VM a fresh 2 MB
// page is far slower to provide than reused 4 kB ones; the time went to the kernel's clear_page.)

final class ProjectionWorkspace {
    /// Descriptors per set.
    let n: Int
    /// Directions whose projections fit at once.
    let rows: Int
    /// Projections of set A and set B: (rows, n) each.
    let projectionsA, projectionsB: UnsafeMutablePointer<Float>
    /// One row-distance scratch per worker.
    let rowDistances: [SortedAbsoluteDifference]

    init(count n: Int, rows: Int, workers: Int) {
        self.n = n
        self.rows = rows
        projectionsA = .allocate(capacity: rows * n)
        projectionsB = .allocate(capacity: rows * n)
        rowDistances = (0..<workers).map { _ in SortedAbsoluteDifference(count: n) }
    }

    deinit {
        projectionsA.deallocate(); projectionsB.deallocate()
        rowDistances.forEach { $0.deallocate() }
    }
}
