// SWDDescriptorSet: one image set's SWD descriptors, fed a batch at a time (the official API's
// begin/feed/end), with memory bounded by what the distance really needs.
//
// Per image and level the official code keeps 128 descriptors of 147 floats (75,264 bytes). A level
// plane (3·h·w floats) is smaller than that up to 64x64 (49,152 bytes), so for such levels we keep the
// plane and the 128 patch centres instead, and gather the descriptors again when projecting them.
// Either way the values are the official ones; the normalisation statistics are summed while feeding.
//
// Memory per image: 64² → 49,152 + 12,288 + 3,072 = 64,512 B (+ 512 B of centres per level);
//                   128² → 75,264 (descriptors) + 64,512 = 139,776 B.
// For 16,384 images: 64² ≈ 1.06 GB per set, 128² ≈ 2.29 GB per set (the official code: 3.70 and 4.93 GB).

import Dispatch

public final class SWDDescriptorSet {
    /// The level sizes, from the image size down to 16 (official: while res ≥ 16).
    public let resolutions: [Int]
    /// Images fed so far.
    public private(set) var imageCount = 0
    /// Patches drawn per image and level (official 128).
    public let patchesPerImage: Int
    private let seed: UInt64
    private var levels: [LevelStore]

    /// An empty set for square images of `imageSize` px; `seed` draws the patch centres.
    public init(imageSize: Int, seed: UInt64, patchesPerImage: Int = PatchDescriptors.perImage) throws {
        guard imageSize >= SWD.minimumResolution else {
            throw MetricsError.tooSmall(what: "SWD", height: imageSize, width: imageSize, minimum: SWD.minimumResolution)
        }
        resolutions = LaplacianPyramid.resolutions(imageSize: imageSize)
        guard imageSize % (1 << (resolutions.count - 1)) == 0 else {
            throw MetricsError.unsupportedShape(what: "SWD", shape: [imageSize, imageSize],
                                                reason: "the Laplacian pyramid halves \(imageSize) px \(resolutions.count - 1) times; use a size divisible by \(1 << (resolutions.count - 1)) (e.g. a power of two)")
        }
        self.patchesPerImage = patchesPerImage
        self.seed = seed
        levels = resolutions.map { r in
            LevelStore(size: r, keepsPlanes: 3 * r * r <= patchesPerImage * PatchDescriptors.length)
        }
    }

    /// Adds a batch of images (N, 3, size, size).
    public func feed(_ batch: ImageBatch) throws {
        let size = resolutions[0]
        guard batch.channels == 3 else {
            throw MetricsError.unsupportedShape(what: "SWD", shape: batch.shape, reason: "SWD's descriptors are 7x7x3: images must be RGB")
        }
        guard batch.height == size && batch.width == size else {
            throw MetricsError.shapeMismatch(what: "SWD", first: [imageCount, 3, size, size], second: batch.shape)
        }
        if batch.count == 0 { return }
        let pyramid = LaplacianPyramid.build(batch, levels: resolutions.count)
        // Levels are independent (own store, own centres): split them over the cores.
        let (first, perImage, seed, resolutions) = (imageCount, patchesPerImage, seed, resolutions)
        levels.withUnsafeMutableBufferPointer { store in
            DispatchQueue.concurrentPerform(iterations: store.count) { l in
                let r = resolutions[l]
                // Each image's centres come from a generator of its own (seed, level, index), so that how
                // the images are split into batches does not change the result.
                var positions: [PatchPosition] = []
                positions.reserveCapacity(batch.count * perImage)
                for n in 0..<batch.count {
                    let index = UInt64(first + n)
                    var rng = SplitMix(seed: seed ^ (UInt64(l + 1) &* 0x9E37_79B9_7F4A_7C15) ^ (index &* 0xD1B5_4A32_D192_ED03))
                    positions += PatchDescriptors.randomPositions(images: 1, firstImage: first + n,
                                                                  perImage: perImage, height: r, width: r, rng: &rng)
                }
                store[l].append(level: pyramid[l], images: batch.count, firstImage: first, positions: positions)
            }
        }
        imageCount += batch.count
    }

    /// Bytes held (planes, descriptors and centres).
    public var bytes: Int { levels.reduce(0) { $0 + $1.bytes } }

    /// Level `l`'s descriptors, normalised with their own statistics (official finalize_descriptors).
    func descriptors(level l: Int) -> some DescriptorSource { levels[l].normalisedView() }
}

/// One level's descriptors: either the planes and the centres, or the raw descriptors.
struct LevelStore {
    let size: Int
    let keepsPlanes: Bool
    var planes: [Float] = []          // (images, 3, size, size) when keepsPlanes
    var raw: [Float] = []             // (descriptors, 147) otherwise
    var positions: [PatchPosition] = []
    var statistics = ChannelStatistics()

    init(size: Int, keepsPlanes: Bool) { self.size = size; self.keepsPlanes = keepsPlanes }

    var bytes: Int { planes.count * 4 + raw.count * 4 + positions.count * MemoryLayout<PatchPosition>.stride }

    mutating func append(level: [Float], images: Int, firstImage: Int, positions newPositions: [PatchPosition]) {
        let batchPositions = newPositions.map { PatchPosition(image: Int($0.image) - firstImage, x: Int($0.x), y: Int($0.y)) }
        if keepsPlanes {
            // Statistics from the descriptors gathered a block at a time: the batch's descriptors (19 MB
            // for 256 images) are never all in memory.
            let k = PatchDescriptors.length, block = 256
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: block * k)   // (block, 147)
            defer { buffer.deallocate() }
            level.withUnsafeBufferPointer { lv in
                batchPositions.withUnsafeBufferPointer { pos in
                    var i = 0
                    while i < pos.count {
                        let m = min(block, pos.count - i)
                        PatchDescriptors.gather(planes: lv.baseAddress!, height: size, width: size, positions: pos.baseAddress! + i,
                                                count: m, imageOffset: 0, mean: (0, 0, 0), invStd: (1, 1, 1), into: buffer)
                        statistics.add(descriptors: buffer, count: m)
                        i += m
                    }
                }
            }
            planes.append(contentsOf: level)
            positions.append(contentsOf: newPositions)
        } else {
            let d = PatchDescriptors.extract(level: level, images: images, height: size, width: size, positions: batchPositions)
            d.withUnsafeBufferPointer { statistics.add(descriptors: $0.baseAddress!, count: newPositions.count) }
            raw.append(contentsOf: d)
        }
    }

    func normalisedView() -> LevelDescriptors {
        let (m, s) = statistics.meanAndInverseStd
        return LevelDescriptors(store: self, mean: m, invStd: s)
    }
}

/// A level's descriptors as the distance reads them: gathered (if planes are kept) and normalised.
struct LevelDescriptors: DescriptorSource {
    let store: LevelStore
    let mean: (Float, Float, Float)
    let invStd: (Float, Float, Float)

    var descriptorCount: Int { store.keepsPlanes ? store.positions.count : store.raw.count / PatchDescriptors.length }

    func gather(_ range: Range<Int>, into dst: UnsafeMutablePointer<Float>) {
        if store.keepsPlanes {
            store.planes.withUnsafeBufferPointer { pl in
                store.positions.withUnsafeBufferPointer { pos in
                    PatchDescriptors.gather(planes: pl.baseAddress!, height: store.size, width: store.size,
                                            positions: pos.baseAddress! + range.lowerBound, count: range.count,
                                            imageOffset: 0, mean: mean, invStd: invStd, into: dst)
                }
            }
        } else {
            let k = PatchDescriptors.length
            store.raw.withUnsafeBufferPointer { r in
                let src = r.baseAddress! + range.lowerBound * k
                for i in 0..<(range.count * k) {
                    let c = (i % k) / 49
                    let m = c == 0 ? mean.0 : (c == 1 ? mean.1 : mean.2)
                    let s = c == 0 ? invStd.0 : (c == 1 ? invStd.1 : invStd.2)
                    dst[i] = (src[i] - m) * s
                }
            }
        }
    }
}
