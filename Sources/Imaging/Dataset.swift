// Reading a prepared data set: the level files are memory-mapped, and minibatches are copied from
// them into float tensors — no decoding while training.

import Foundation
import Tensors

public final class Dataset: @unchecked Sendable {
    public let folder: URL
    public let manifest: DatasetManifest
    private let levels: [Int: MappedFile]

    /// Opens the data set in `folder` (a `prepare` output), checking every level file's size.
    public init(folder: URL) throws {
        self.folder = folder
        let manifestURL = folder.appendingPathComponent(DatasetManifest.fileName)
        guard let data = try? Data(contentsOf: manifestURL) else {
            throw DatasetError.notADataset(path: folder.path, reason: "no \(DatasetManifest.fileName)")
        }
        let manifest: DatasetManifest
        do { manifest = try JSONDecoder().decode(DatasetManifest.self, from: data) } catch {
            throw DatasetError.notADataset(path: manifestURL.path, reason: "unreadable manifest: \(error)")
        }
        guard manifest.format == DatasetManifest.currentFormat else {
            throw DatasetError.notADataset(path: manifestURL.path, reason: "format \(manifest.format), expected \(DatasetManifest.currentFormat)")
        }
        var levels: [Int: MappedFile] = [:]
        for r in manifest.resolutions {
            guard let name = manifest.files[String(r)] else {
                throw DatasetError.notADataset(path: manifestURL.path, reason: "no file listed for \(r)x\(r)")
            }
            let path = folder.appendingPathComponent(name).path
            let file = try MappedFile(path: path)
            guard file.bytes.count == manifest.count * r * r * 3 else {
                throw DatasetError.notADataset(path: path, reason: "\(file.bytes.count) bytes, expected \(manifest.count) images of \(r)x\(r)x3 = \(manifest.count * r * r * 3)")
            }
            levels[r] = file
        }
        self.manifest = manifest
        self.levels = levels
    }

    public var count: Int { manifest.count }
    /// Largest first.
    public var resolutions: [Int] { manifest.resolutions }

    /// Throws if the data set has no `resolution` level.
    public func check(resolution: Int) throws {
        if levels[resolution] == nil { throw DatasetError.resolutionNotInDataset(resolution, available: resolutions) }
    }

    /// Image `index` at `resolution`.
    public func image(_ index: Int, resolution: Int) -> Image {
        let bytes = level(resolution)
        precondition(index >= 0 && index < count, "Dataset.image: index \(index) outside 0..<\(count)")
        let n = resolution * resolution * 3
        return Image(width: resolution, height: resolution, pixels: Array(bytes[(index * n)..<((index + 1) * n)]))
    }

    /// `size` images drawn uniformly with replacement, each mirrored left-right with probability ½
    /// when `mirror` is on: a (size, 3, r, r) tensor in [-1, 1]. The same RNG state gives the same batch.
    public func batch(resolution r: Int, size: Int, rng: inout RNG, mirror: Bool) -> Tensor {
        let bytes = level(r)
        precondition(size > 0, "Dataset.batch: size must be positive")
        var picks: [(index: Int, flip: Bool)] = []
        for _ in 0..<size {
            let index = rng.nextInt(count)
            let flip = mirror ? rng.nextFloat() < 0.5 : false
            picks.append((index, flip))
        }
        let plane = r * r
        return Tensor(shape: [size, 3, r, r]) { out in
            // out is (size, 3, r, r); a stored image is (r, r, 3)
            let src = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
            for (n, pick) in picks.enumerated() {
                let image = src + pick.index * plane * 3
                let dst = out + n * 3 * plane
                for y in 0..<r {
                    for x in 0..<r {
                        let sx = pick.flip ? r - 1 - x : x
                        let p = image + (y * r + sx) * 3
                        let o = y * r + x
                        dst[o] = Float(p[0]) / 127.5 - 1
                        dst[plane + o] = Float(p[1]) / 127.5 - 1
                        dst[2 * plane + o] = Float(p[2]) / 127.5 - 1
                    }
                }
            }
        }
    }

    private func level(_ r: Int) -> UnsafeRawBufferPointer {
        guard let file = levels[r] else {
            preconditionFailure(DatasetError.resolutionNotInDataset(r, available: resolutions).description)
        }
        return file.bytes
    }
}
