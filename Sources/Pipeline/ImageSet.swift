// ImageSet: what `eval` reads as a set of images — a folder of PNG/JPEG, a prepared data set
// (manifest.json; its level at the resolution asked, or its top level), or a stage-one run folder or
// checkpoint (then `count` images are sampled from its G_ema, seeded).
//
// `inspect` finds how many images a set has and, where it is known without decoding, their size, so that a
// command can check its counts and sizes against every set before it loads or samples anything.
//
// It lives in Pipeline, the lowest target that sees both Imaging's ImageSource and ProGAN's ProGANSampler. It
// never prints: `load` reports (done, total) to a closure, which the CLI draws as a progress line.

import Foundation
import Imaging
import Metrics
import ProGAN
import Runs

public struct ImageSet {
    public enum Kind {
        /// A folder of images or a prepared data set.
        case images(ImageSource)
        case checkpoint(ProGANSampler)
    }

    public let path: String
    public let kind: Kind
    /// Images the set holds; nil for a checkpoint, which samples any number.
    public let available: Int?
    /// The side its images will have at `side` (asked) when known before decoding: the asked side, a data set's
    /// level, a checkpoint's resolution. nil for a folder without a side (each image's own size).
    public let side: Int?
    /// A folder's first image's size (from its header) when no side is asked.
    public let firstSize: (width: Int, height: Int)?

    init(path: String, kind: Kind, available: Int?, side: Int?, firstSize: (width: Int, height: Int)? = nil) {
        self.path = path
        self.kind = kind
        self.available = available
        self.side = side
        self.firstSize = firstSize
    }

    /// What `path` holds, read without decoding images (a checkpoint's generator is loaded).
    public static func inspect(_ path: String, side: Int?) throws -> ImageSet {
        let url = URL(fileURLWithPath: path)
        let fm = FileManager.default
        // A folder with a manifest is read as a data set by ImageSource (which checks the manifest).
        if fm.fileExists(atPath: url.appendingPathComponent(DatasetManifest.fileName).path),
           case let source = try ImageSource(url), case .dataset(let data) = source.storage {
            return ImageSet(path: path, kind: .images(source), available: data.count, side: side ?? data.resolutions.max())
        }
        if path.hasSuffix(".safetensors") || RunRecord.holdsRun(url) {
            // A stage-two run is named as one (ProGANSampler), not read as a folder of images.
            let sampler = try ProGANSampler(checkpointOrRun: url, resolution: side)
            return ImageSet(path: path, kind: .checkpoint(sampler), available: nil, side: sampler.resolution)
        }
        let source = try ImageFolder.source(path)
        // The first file's header says how large a folder's images are before any is decoded (they must share a size).
        let first = side == nil ? try? Image.dimensions(ofFile: source.file(0)!) : nil
        return ImageSet(path: path, kind: .images(source), available: source.count, side: side, firstSize: first.map { ($0.width, $0.height) })
    }

    /// Whether `load` samples a stage-one generator (rather than reading images), so a caller can say which.
    public var isSampled: Bool {
        if case .checkpoint = kind { return true }
        return false
    }

    /// The smallest side the set's images will have, when known before decoding.
    public var knownSmallestSide: Int? { side ?? firstSize.map { min($0.width, $0.height) } }

    /// How many images to take from each of `sets`: `asked` when given (an error naming the set that holds
    /// fewer), else `preferred` lowered to what the smallest set holds (then `note` says so), else all of the
    /// smallest set (a checkpoint alone: `preferred` or 1,024).
    public static func count(asked: Int?, preferred: Int?, sets: [ImageSet]) throws -> (count: Int, note: String?) {
        let smallest = sets.compactMap { s in s.available.map { (s, $0) } }.min { $0.1 < $1.1 }
        if let asked {
            if let (set, have) = smallest, have < asked { throw MetricsError.tooFewImages(what: set.path, have: have, need: asked) }
            return (asked, nil)
        }
        guard let (set, have) = smallest else { return (preferred ?? 1_024, nil) }
        guard let preferred else { return (have, nil) }
        if have < preferred { return (have, "using \(have) images per set: \(set.path) has \(have), fewer than the usual \(preferred)") }
        return (preferred, nil)
    }

    /// `count` images of the set (nil: all of a folder or data set, 1,024 samples of a checkpoint). Fewer than a
    /// folder or data set holds are a seeded random subset (`RandomSubset`), not the first ones. `progress` gets
    /// (done, total) as images are decoded or sampled, and (total, total) at the end.
    public func load(count wanted: Int?, seed: UInt64 = 1, progress: ((Int, Int) -> Void)? = nil) throws -> ImageBatch {
        let count = wanted ?? available ?? 1_024
        if let available, available < count {
            throw MetricsError.tooFewImages(what: "\(path)", have: available, need: count)
        }
        switch kind {
        case .images(let source):
            // A data set's level at the side asked, else its largest resized to it; a folder's files resized to it.
            let side = self.side
            let resize = side.map { s in
                { (image: Image) in image.width == s && image.height == s && source.isDataset ? image : try image.resized(width: s, height: s, kernel: .box) }
            }
            let images = try source.images(source.randomSubset(count, seed: seed), resolution: side, transform: resize, progress: progress)
            try ImageSource.checkOneSize(images, of: source)
            return ImageBatch(interleaved: images.map(\.image.pixels), height: images[0].image.height, width: images[0].image.width)
        case .checkpoint(let sampler):
            var parts: [ImageBatch] = []
            for start in stride(from: 0, to: count, by: 256) {
                let n = min(256, count - start)
                parts.append(ProGANSampler.imageBatch(sampler.sample(count: n, seed: seed &+ UInt64(start))))
                progress?(start + n, count)
            }
            return ImageBatch.concatenating(parts)
        }
    }
}
