// SWD: ProGAN's sliced Wasserstein distance between two image sets (Karras et al. 2018, appendix D;
// official code metrics/sliced_wasserstein.py): per Laplacian level, the distance between the sets'
// normalised 7x7 patch descriptors, reported ×1e3, and the average over levels.

public struct SWDResult: Codable, Sendable, Equatable {
    /// Level sizes, full resolution first (64 → [64, 32, 16]).
    public var resolutions: [Int]
    /// SWD ×1e3 per level, in the order of `resolutions`.
    public var perLevel: [Double]
    /// The average over levels (the official SWDx1e3_avg).
    public var average: Double
    /// Images per set.
    public var images: Int
}

public enum SWD {
    /// Official: 4 repeats × 128 directions.
    public static let repeats = 4
    public static let directionsPerRepeat = 128
    /// The smallest image side: the Laplacian pyramid's levels go down to 16 px (official: while res ≥ 16).
    public static let minimumResolution = 16

    /// SWD between two fed sets of the same size and image count; `seed` draws the directions
    /// (new directions for every level, as the official code draws them per call).
    public static func distance(_ a: SWDDescriptorSet, _ b: SWDDescriptorSet, seed: UInt64) throws -> SWDResult {
        guard a.resolutions == b.resolutions else {
            throw MetricsError.shapeMismatch(what: "SWD", first: [a.imageCount, 3, a.resolutions[0], a.resolutions[0]],
                                             second: [b.imageCount, 3, b.resolutions[0], b.resolutions[0]])
        }
        guard a.imageCount == b.imageCount, a.patchesPerImage == b.patchesPerImage else {
            throw MetricsError.tooFewImages(what: "SWD (the official distance compares sets of equal size)",
                                            have: min(a.imageCount, b.imageCount), need: max(a.imageCount, b.imageCount))
        }
        guard a.imageCount > 0 else { throw MetricsError.tooFewImages(what: "SWD", have: 0, need: 1) }
        var rng = SplitMix(seed: seed)
        var perLevel: [Double] = []
        // Every level has imageCount · patchesPerImage descriptors: one workspace serves them all.
        let n = a.imageCount * a.patchesPerImage, D = repeats * directionsPerRepeat
        let workspace = ProjectionWorkspace(count: n, rows: SlicedWasserstein.chunk(directions: D, descriptors: n), workers: 2)
        for l in a.resolutions.indices {
            let dirs = SlicedWasserstein.randomDirections(count: D, rng: &rng)
            perLevel.append(1e3 * SlicedWasserstein.distance(a.descriptors(level: l), b.descriptors(level: l),
                                                             directions: dirs, workspace: workspace))
        }
        return SWDResult(resolutions: a.resolutions, perLevel: perLevel,
                         average: perLevel.reduce(0, +) / Double(perLevel.count), images: a.imageCount)
    }

    /// SWD between two image batches held in memory, fed in batches of `batchSize`.
    public static func distance(_ a: ImageBatch, _ b: ImageBatch, seed: UInt64, batchSize: Int = 256) throws -> SWDResult {
        guard a.shape.dropFirst() == b.shape.dropFirst() else {
            throw MetricsError.shapeMismatch(what: "SWD", first: a.shape, second: b.shape)
        }
        guard a.height == a.width else {
            throw MetricsError.unsupportedShape(what: "SWD", shape: a.shape, reason: "images must be square (the official levels halve one size)")
        }
        let sa = try SWDDescriptorSet(imageSize: a.height, seed: seed &+ 1)
        let sb = try SWDDescriptorSet(imageSize: b.height, seed: seed &+ 2)
        // The two sets are fed at the same time (each set's own work is parallel too, but its three
        // levels do not split evenly over two cores).
        var failures: [Error?] = [nil, nil]
        failures.withUnsafeMutableBufferPointer { failed in
            WorkQueue.run(count: 2, workers: 2) { _, s in
                let (set, images) = s == 0 ? (sa, a) : (sb, b)
                do {
                    var i = 0
                    while i < images.count {
                        try set.feed(images.slice(i..<min(images.count, i + batchSize)))
                        i += batchSize
                    }
                } catch { failed[s] = error }
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        return try distance(sa, sb, seed: seed)
    }
}
