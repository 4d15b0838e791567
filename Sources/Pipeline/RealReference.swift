// RealReference: the real images a generated set is measured against, read as the official ProGAN protocol
// reads them (util_scripts.py, evaluate_metrics):
//   - a seeded random subset of the set, never its first images (file names group an emoji's skin tones; see
//     RandomSubset);
//   - each image mirrored with probability ½ when the run trained with mirroring (misc.apply_mirror_augment);
//   - split into two disjoint random halves: `reference`, which every generated set is compared with, and
//     `other`, compared with `reference` too — real against real, the floor a generator can reach with as many
//     images.

import Foundation
import Imaging
import Tensors

public struct RealReference {
    /// Where the images came from (a prepared data set, a folder, or the embedded emoji).
    public let source: String
    /// Images the set holds; `reference.count + other.count` of them were read.
    public let available: Int
    public let reference: [Image]
    public let other: [Image]
    public let mirrored: Bool

    /// The protocol's default set size (16,384 images, as the official SWD); a smaller set is used whole.
    public static let defaultPool = 16_384

    /// Up to `pool` images of `source` (nil: the embedded emoji), square, at their stored size, in two disjoint
    /// halves of equal size, read through ImageSource (its subfolders too). Files of a folder that do not decode are
    /// passed over.
    public static func load(_ source: URL?, pool: Int = defaultPool, seed: UInt64, mirror: Bool) throws -> RealReference {
        let url = source ?? EmbeddedSamples.folder
        let images = try ImageSource(url, recursive: true)
        // A data set's largest level (square already); a folder's files cut to their centre square.
        let square: ((Image) throws -> Image)? = images.isDataset ? nil : { $0.centerSquare() }
        let read = try images.images(images.randomSubset(pool, seed: seed), unreadable: .skip, transform: square).map(\.image)
        let available = images.count
        return RealReference(source: url.path, available: available, images: read, seed: seed, mirror: mirror)
    }

    /// `images` (in the order read) mirrored at random when `mirror`, shuffled and halved, all with `seed`.
    init(source: String, available: Int, images: [Image], seed: UInt64, mirror: Bool) {
        var rng = RNG(seed: seed ^ 0x7265_616C)
        var all = mirror ? images.map { rng.nextFloat() < 0.5 ? $0.mirrored() : $0 } : images
        for i in stride(from: all.count - 1, to: 0, by: -1) { all.swapAt(i, rng.nextInt(i + 1)) }
        let half = all.count / 2
        self.source = source
        self.available = available
        reference = Array(all[0..<half])
        other = Array(all[half..<2 * half])
        mirrored = mirror
    }

    /// Images per half.
    public var count: Int { reference.count }
}
