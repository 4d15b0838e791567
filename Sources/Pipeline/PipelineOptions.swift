// The settings of one pipeline run (`progan-sr pipeline`), with the flags' names.

import Foundation
import Imaging
import SRGAN

public struct PipelineOptions: Sendable {
    /// Stage one: a run folder (its newest checkpoint) or a checkpoint file.
    public var stage1: URL
    /// Stage two: a run folder (generator.safetensors or its newest checkpoint) or a weights file.
    public var stage2: URL
    /// Output folder (created).
    public var out: URL
    /// Images to make, and images per set in the quality rows (the reference noise of SWD falls with it).
    public var count = 256
    /// Seed of stage one's latents.
    public var seed: UInt64 = 1
    /// Stage two's input size; stage one's samples are resampled to it when it differs (nil: stage one's size).
    public var inputSize: Int?
    /// Kernel of that resampling and of the plain 4x baseline: libvips' cubic (bicubic).
    public var kernel = ResizeKernel.cubic
    /// Real images to measure against: a prepared data set or a folder (nil: the embedded emoji); 2 × count of
    /// them, a random subset drawn with `realSeed` (RealReference).
    public var real: URL?
    public var realSeed: UInt64 = 1
    /// A two-stage study's study.json, whose measured times the cost report prints beside its estimate.
    public var study: URL?
    /// Image pairs for the MS-SSIM diversity of each set.
    public var msssimPairs = 1_000
    /// Tile size and overlap of the upscaler (for large inputs); overlap nil: the model's (tiled = whole image).
    public var tile = 128
    public var overlap: Int?
    /// Measure what training the missing resolutions would cost (a few benchmark steps per resolution).
    public var costReport = true
    /// pytorch-fid's Inception-v3 weights (safetensors): with them, each quality row also gets FID against the
    /// reference half and the Inception Score (nil: no such columns).
    public var inception: URL?

    /// Checks the settings on their own (before any file is read); the error names the flag.
    public func validate() throws {
        func fail(_ option: String, _ reason: String) -> PipelineError { .invalidOption(option: option, reason: reason) }
        // MS-SSIM diversity needs a pair of distinct images.
        guard count >= 2 else { throw fail("--count", "must be at least 2 (the diversity measure compares pairs), got \(count)") }
        guard msssimPairs >= 1 else { throw fail("--msssim-pairs", "must be at least 1, got \(msssimPairs)") }
        if let inputSize, inputSize < 4 { throw fail("--input-size", "must be at least 4 px, got \(inputSize)") }
        try Upscaler.checkTiling(tile: tile, overlap: overlap, batch: 8)
    }

    public init(stage1: URL, stage2: URL, out: URL) {
        self.stage1 = stage1
        self.stage2 = stage2
        self.out = out
    }
}
