// PatchDescriptors: SWD's 7x7 neighbourhoods, as the official get_descriptors_for_minibatch and
// finalize_descriptors (tkarras/progressive_growing_of_gans, metrics/sliced_wasserstein.py).
//
// Shapes: a level is (N, C=3, h, w) float; a descriptor is 147 = 3·7·7 floats laid out [c][dx][dy]:
//   desc[c·49 + dx·7 + dy] = level[n, c, y − 3 + dy, x − 3 + dx]
// (the official np.ogrid[nhood, chan, x, y] puts the column offset before the row offset: the patch is
// stored transposed; the order does not change the distance, but it is the official layout).
// Centres: x uniform in [3, w − 3), y uniform in [3, h − 3) (numpy randint's exclusive high end).

public struct PatchPosition: Sendable, Equatable {
    /// Image index in the set.
    public var image: Int32
    /// Centre column.
    public var x: Int16
    /// Centre row.
    public var y: Int16
    public init(image: Int, x: Int, y: Int) {
        self.image = Int32(image); self.x = Int16(x); self.y = Int16(y)
    }
}

public enum PatchDescriptors {
    /// Neighbourhood side (official nhood_size).
    public static let side = 7
    /// Floats per descriptor: 3 channels × 7 × 7.
    public static let length = 147
    /// Patches per image per level (official nhoods_per_image).
    public static let perImage = 128

    /// `perImage` random centres for each of `images` images of a (height, width) level, image-major.
    public static func randomPositions(images: Int, firstImage: Int = 0, perImage: Int = PatchDescriptors.perImage,
                                       height: Int, width: Int, rng: inout SplitMix) -> [PatchPosition] {
        precondition(height >= side && width >= side, "PatchDescriptors: a \(width)x\(height) level has no 7x7 patch")
        let r = side / 2
        var out: [PatchPosition] = []
        out.reserveCapacity(images * perImage)
        for n in 0..<images {
            for _ in 0..<perImage {
                let x = Int.random(in: r..<(width - r), using: &rng)
                let y = Int.random(in: r..<(height - r), using: &rng)
                out.append(PatchPosition(image: firstImage + n, x: x, y: y))
            }
        }
        return out
    }

    /// Raw (un-normalised) descriptors of `level` ((images, 3, height, width)) at `positions`:
    /// (positions.count, 147). `positions[i].image` indexes the level's images.
    public static func extract(level: [Float], images: Int, height: Int, width: Int, positions: [PatchPosition]) -> [Float] {
        precondition(level.count == images * 3 * height * width, "PatchDescriptors.extract: level has \(level.count) floats, not \(images)·3·\(height)·\(width)")
        var out = [Float](repeating: 0, count: positions.count * length)
        level.withUnsafeBufferPointer { lv in
            out.withUnsafeMutableBufferPointer { o in
                positions.withUnsafeBufferPointer { pos in
                    gather(planes: lv.baseAddress!, height: height, width: width, positions: pos.baseAddress!,
                           count: positions.count, imageOffset: 0, mean: (0, 0, 0), invStd: (1, 1, 1), into: o.baseAddress!)
                }
            }
        }
        return out
    }

    /// The official finalize_descriptors: subtract each channel's mean and divide by its population std,
    /// both over all descriptors and all 49 values of the channel. `desc` is (n, 147).
    public static func normalise(_ desc: inout [Float]) {
        precondition(desc.count % length == 0, "PatchDescriptors.normalise: \(desc.count) floats is not a multiple of 147")
        var stats = ChannelStatistics()
        desc.withUnsafeBufferPointer { stats.add(descriptors: $0.baseAddress!, count: desc.count / length) }
        let (m, s) = stats.meanAndInverseStd
        let mean = [m.0, m.1, m.2], inv = [s.0, s.1, s.2]
        for i in 0..<desc.count {
            let c = (i % length) / 49
            desc[i] = (desc[i] - mean[c]) * inv[c]
        }
    }

    /// Kernel: `count` descriptors from planes (images, 3, h, w) at `positions`, each value mapped
    /// (v − mean[c]) · invStd[c], written to `dst` (count, 147). `imageOffset` is subtracted from the
    /// positions' image index (for a store that starts at a later image).
    static func gather(planes: UnsafePointer<Float>, height h: Int, width w: Int,
                       positions: UnsafePointer<PatchPosition>, count: Int, imageOffset: Int,
                       mean: (Float, Float, Float), invStd: (Float, Float, Float),
                       into dst: UnsafeMutablePointer<Float>) {
        let plane = h * w
        for i in 0..<count {
            let p = positions[i]
            let base = planes + (Int(p.image) - imageOffset) * 3 * plane + (Int(p.y) - 3) * w + (Int(p.x) - 3)
            let d = dst + i * length
            for c in 0..<3 {
                let m = c == 0 ? mean.0 : (c == 1 ? mean.1 : mean.2)
                let s = c == 0 ? invStd.0 : (c == 1 ? invStd.1 : invStd.2)
                let src = base + c * plane
                for dx in 0..<7 {
                    for dy in 0..<7 { d[c * 49 + dx * 7 + dy] = (src[dy * w + dx] - m) * s }
                }
            }
        }
    }
}

/// Running per-channel sums of descriptor values (double precision), for the normalisation.
struct ChannelStatistics: Sendable {
    var count: Double = 0
    var sum: (Double, Double, Double) = (0, 0, 0)
    var sumSquares: (Double, Double, Double) = (0, 0, 0)

    mutating func add(descriptors d: UnsafePointer<Float>, count n: Int) {
        var s = [Double](repeating: 0, count: 3), q = [Double](repeating: 0, count: 3)
        for i in 0..<n {
            let row = d + i * PatchDescriptors.length
            for c in 0..<3 {
                var a: Double = 0, b: Double = 0
                for k in 0..<49 { let v = Double(row[c * 49 + k]); a += v; b += v * v }
                s[c] += a; q[c] += b
            }
        }
        add(ChannelStatistics(count: Double(n * 49), sum: (s[0], s[1], s[2]), sumSquares: (q[0], q[1], q[2])))
    }

    mutating func add(_ o: ChannelStatistics) {
        count += o.count
        sum = (sum.0 + o.sum.0, sum.1 + o.sum.1, sum.2 + o.sum.2)
        sumSquares = (sumSquares.0 + o.sumSquares.0, sumSquares.1 + o.sumSquares.1, sumSquares.2 + o.sumSquares.2)
    }

    /// Per-channel mean and 1 / population std (1 for a constant channel, where numpy would divide by 0).
    var meanAndInverseStd: ((Float, Float, Float), (Float, Float, Float)) {
        func one(_ s: Double, _ q: Double) -> (Float, Float) {
            let m = s / count
            let v = max(0, q / count - m * m)
            return (Float(m), v > 0 ? Float(1 / v.squareRoot()) : 1)
        }
        let a = one(sum.0, sumSquares.0), b = one(sum.1, sumSquares.1), c = one(sum.2, sumSquares.2)
        return ((a.0, b.0, c.0), (a.1, b.1, c.1))
    }
}
