// ProGANSampler: images from a trained generator (G_ema), in batches, the same for the same seed.

import Foundation
import Imaging
import Metrics
import NN
import Runs
import SafeTensors
import Tensors

public struct ProGANSampler {
    public let generator: Generator
    public let resolution: Int
    public let latentSize: Int

    public init(generator: Generator, resolution: Int) {
        self.generator = generator
        self.resolution = resolution
        latentSize = generator.latentSize
    }

    /// Loads G_ema from a stage-one checkpoint, or the newest checkpoint of a run folder.
    /// `resolution` defaults to the run's target resolution.
    public init(checkpointOrRun path: URL, resolution: Int? = nil) throws {
        guard FileManager.default.fileExists(atPath: path.path) else {
            throw ProGANError.unreadable(path: path.path, reason: "no such stage-one run folder or checkpoint")
        }
        if RunFolder.stage(of: path) == RunFolder.stageTwo {
            throw ProGANError.notAStageOneCheckpoint(path: path.path, reason: "it is a stage-two (SRGAN) run; give a stage-one run folder or checkpoint (train-progan's)")
        }
        let url = try RunFolder.checkpoint(path, missing: "a stage-one run folder or checkpoint")
        let file = try SafeTensorsFile(contentsOf: url)
        guard CheckpointMetadata.stage(of: file.metadata) == RunFolder.stageOne, let json = file.metadata["config"] else {
            let stageTwo = file.names.contains("conv1.0.weight") || file.names.contains("generator.conv1.0.weight")
            throw ProGANError.notAStageOneCheckpoint(path: url.path, reason: stageTwo
                ? "it holds stage-two (SRResNet) weights; give a stage-one run folder or checkpoint (train-progan's)"
                : "its metadata names no stage-one checkpoint (stage \(CheckpointMetadata.stage(of: file.metadata) ?? "not set"))")
        }
        let config: ProGANConfig
        do { config = try ProGANConfig.decode(Data(json.utf8), source: url.lastPathComponent) } catch {
            throw ProGANError.notAStageOneCheckpoint(path: url.path, reason: "its config does not parse: \(error)")
        }
        let r = resolution ?? config.targetResolution
        guard config.resolutions.contains(r) else {
            throw ProGANError.invalidConfig(field: "resolution", reason: "\(r) px is not one of this run's resolutions \(config.resolutions)")
        }
        var rng = RNG(seed: 0)
        let g = Generator(config, rng: &rng)
        try Checkpoint.load(from: url, modules: ["generator_ema": g], skipping: ["generator", "discriminator", "adam_g", "adam_d"])
        self.init(generator: g, resolution: r)
    }

    /// `count` images [count, 3, R, R] in [-1, 1] (clamped), from latents drawn with `seed`.
    public func sample(count: Int, seed: UInt64, batch: Int = 64) -> Tensor {
        var rng = RNG(seed: seed)
        let z = Tensor.randomNormal([count, latentSize], rng: &rng)
        var parts: [Tensor] = []
        var start = 0
        while start < count {
            let n = min(batch, count - start)
            parts.append(withoutGrad { generator(z.slice(axis: 0, start: start, length: n), resolution: resolution).clamped(min: -1, max: 1) })
            start += n
        }
        return parts.count == 1 ? parts[0] : Tensor.concat(parts, axis: 0)
    }

    /// Float images in [-1, 1] as 8-bit images for the metrics, planar (N, 3, H, W), by the one rule of
    /// PixelRange.byte (rounded as the official code: (x+1)·127.5).
    public static func imageBatch(_ images: Tensor) -> ImageBatch {
        let values = images.toArray()
        let pixels = values.map(PixelRange.minusOneToOne.byte)
        return ImageBatch(count: images.shape[0], channels: images.shape[1], height: images.shape[2], width: images.shape[3], pixels: pixels)
    }
}
