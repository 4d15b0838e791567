// ImageSet: what `eval` reads as a set of images — a folder of PNG/JPEG, a prepared data set
// (manifest.json; its level at the resolution asked, or its top level), or a stage-one run folder or
// checkpoint (then `count` images are sampled from its G_ema, seeded).

import Foundation
import Imaging
import Metrics
import ProGAN

enum ImageSet {
    /// `count` images of the set (nil: all of a folder or data set, 1,024 samples of a checkpoint). Fewer than a
    /// folder or data set holds are a seeded random subset (`RandomSubset`), not the first ones.
    static func load(_ path: String, count wanted: Int?, side: Int?, seed: UInt64 = 1) throws -> ImageBatch {
        let url = URL(fileURLWithPath: path)
        let fm = FileManager.default
        if fm.fileExists(atPath: url.appendingPathComponent(DatasetManifest.fileName).path) {
            let data = try Dataset(folder: url)
            let count = wanted ?? data.count
            guard data.count >= count else { throw MetricsError.tooFewImages(what: "data set \(path)", have: data.count, need: count) }
            let r = side.flatMap { data.resolutions.contains($0) ? $0 : nil } ?? data.resolutions.max()!
            var images = RandomSubset.indices(choosing: count, of: data.count, seed: seed).map { data.image($0, resolution: r) }
            if let side, side != r { images = try images.map { try $0.resized(width: side, height: side, kernel: .box) } }
            return ImageBatch(interleaved: images.map(\.pixels), height: images[0].height, width: images[0].width)
        }
        if path.hasSuffix(".safetensors") || fm.fileExists(atPath: url.appendingPathComponent("config.json").path) {
            let sampler = try ProGANSampler(checkpointOrRun: url, resolution: side)
            let count = wanted ?? 1_024
            let progress = ProgressLine("sampling \(path)")
            var parts: [ImageBatch] = []
            for start in stride(from: 0, to: count, by: 256) {
                let n = min(256, count - start)
                parts.append(ProGANSampler.imageBatch(sampler.sample(count: n, seed: seed &+ UInt64(start))))
                progress.update(start + n, of: count)
            }
            return ImageBatch.concatenating(parts)
        }
        let available = try ImageFolder.imagePaths(path).count
        let count = wanted ?? available
        guard available >= count else { throw MetricsError.tooFewImages(what: "folder \(path)", have: available, need: count) }
        return try ImageFolder.load(path, limit: count, seed: seed, side: side, progress: ProgressLine("loading \(path)")).0
    }
}
