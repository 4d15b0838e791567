// The pipeline: stage one's samples → libvips bicubic to stage two's input size → SRGAN 4x, beside
// the plain bicubic 4x of the same samples, with the time of each step, the quality of each set
// against the real images, a contact sheet, and what training stage one saved.

import Foundation
import Imaging
import Inception
import Metrics
import NN
import ProGAN
import Runs
import SRGAN
import Tensors

public enum Pipeline {
    /// Progress of a long step: (what, done, total).
    public typealias Progress = (String, Int, Int) -> Void

    /// The smallest images the quality metrics take (MS-SSIM's five scales, SWD's 16 px pyramid top).
    public static let minimumMetricResolution = 16

    public static func run(_ o: PipelineOptions, progress: @escaping Progress = { _, _, _ in }) throws -> PipelineReport {
        // Everything that can be wrong is checked before any work: the settings, the stages and how they chain,
        // and the real images (a set smaller than 2 × count is used whole, with that many images per set).
        try o.validate()
        let sampler = try ProGANSampler(checkpointOrRun: o.stage1)
        let weights = try StageRuns.stageTwoWeights(o.stage2)
        let model = try SRResNet.load(contentsOf: weights)
        guard model.upscale == 4 else { throw PipelineError.notFourTimes(path: weights.path, scale: model.upscale) }
        let r1 = sampler.resolution
        guard r1 >= minimumMetricResolution else {
            throw PipelineError.stageOneTooSmall(path: o.stage1.path, resolution: r1, minimum: minimumMetricResolution)
        }
        let input = o.inputSize ?? r1
        guard input >= 4 else { throw PipelineError.cannotChain(stage1: r1, input: input, reason: "the input size must be at least 4 px") }
        let output = input * 4
        let stageOneConfig = o.costReport ? try StageRuns.stageOneConfig(o.stage1) : try? StageRuns.stageOneConfig(o.stage1)
        let inception = try o.inception.map { try InceptionV3(contentsOf: $0) }
        progress("loading the real images", 0, 1)
        // 2 × count reals, a seeded random subset mirrored as the run trained, in two disjoint random halves: one the
        // reference, the other the reals' own row. Every set is measured on as many images as a half holds (SWD
        // compares sets of one size).
        let reals = try RealReference.load(o.real, pool: 2 * o.count, seed: o.realSeed, mirror: stageOneConfig?.mirror ?? false)
        progress("loading the real images", 1, 1)
        let metricImages = min(o.count, reals.count)
        guard metricImages >= 2 else {
            throw PipelineError.tooFewRealImages(found: reals.available, needed: 4, path: reals.source)
        }

        try FileManager.default.createDirectory(at: o.out, withIntermediateDirectories: true)
        let imagesFolder = o.out.appendingPathComponent("images", isDirectory: true)
        try FileManager.default.createDirectory(at: imagesFolder, withIntermediateDirectories: true)
        var times: [PipelineReport.StepTime] = []

        // 1. Sample stage one.
        var started = Date()
        let samples = Image.images(from: sampler.sample(count: o.count, seed: o.seed), range: .minusOneToOne)
        times.append(.init(step: "stage one sample (\(r1) px)", seconds: Date().timeIntervalSince(started), images: o.count))

        // 2. Resample to stage two's input size (libvips bicubic).
        started = Date()
        let inputs = input == r1 ? samples : try samples.map { try $0.resized(width: input, height: input, kernel: o.kernel) }
        times.append(.init(step: input == r1 ? "resample (sizes match: none)" : "resample \(r1)→\(input) (\(o.kernel.rawValue))",
                           seconds: Date().timeIntervalSince(started), images: o.count))

        // 3. SRGAN 4x.
        started = Date()
        let upscaler = try Upscaler(model: model, tile: o.tile, overlap: o.overlap)
        let srTensor = upscaler.upscale(Image.tensor(inputs, range: .zeroToOne)) { progress("SRGAN 4x", $0, $1) }
        let sr = Image.images(from: srTensor, range: .zeroToOne)
        times.append(.init(step: "SRGAN 4x (\(input)→\(output))", seconds: Date().timeIntervalSince(started), images: o.count))

        // 4. The baseline: libvips bicubic 4x of the same inputs.
        started = Date()
        let bicubic = try inputs.map { try $0.resized(width: output, height: output, kernel: o.kernel) }
        times.append(.init(step: "bicubic 4x (\(o.kernel.rawValue))", seconds: Date().timeIntervalSince(started), images: o.count))

        for (i, (s, b, u)) in zip(samples, zip(bicubic, sr)).map({ ($0, $1.0, $1.1) }).enumerated() {
            try s.save(to: imagesFolder.appendingPathComponent(String(format: "%04d-stage1.png", i)).path)
            try b.save(to: imagesFolder.appendingPathComponent(String(format: "%04d-bicubic4x.png", i)).path)
            try u.save(to: imagesFolder.appendingPathComponent(String(format: "%04d-srgan4x.png", i)).path)
        }
        let sheet = try contactSheet(samples: samples, bicubic: bicubic, sr: sr, output: output)
        let sheetURL = o.out.appendingPathComponent("contact-sheet.png")
        try sheet.save(to: sheetURL.path)

        // Quality against the real images at the matching resolutions.
        progress("metrics", 0, 1)
        var quality: [PipelineReport.QualityRow] = []
        let n = metricImages
        let sets = [("stage one", samples, r1), ("bicubic 4x", bicubic, output), ("SRGAN 4x", sr, output)]
        for r in [r1, output] where !quality.contains(where: { $0.resolution == r }) {
            let reference = try reals.reference.prefix(n).map { try $0.resized(width: r, height: r, kernel: .box) }
            let other = try reals.other.prefix(n).map { try $0.resized(width: r, height: r, kernel: .box) }
            // With Inception weights, the reference half's features, once per resolution.
            let referenceFeatures = try inception.map { model in
                try model.features(of: ImageBatch(interleaved: reference.map(\.pixels), height: r, width: r)) {
                    progress("Inception features, reals at \(r) px", $0, reference.count)
                }
            }
            let fidAndIS = inception.flatMap { model in referenceFeatures.map { (model, $0) } }
            // The reference row: one half of the reals against the other.
            quality.append(try row("real", other, against: reference, resolution: r, pairs: o.msssimPairs, inception: fidAndIS))
            for (name, set, setResolution) in sets where setResolution == r {
                quality.append(try row(name, Array(set.prefix(n)), against: reference, resolution: r, pairs: o.msssimPairs,
                                       inception: fidAndIS))
            }
        }
        progress("metrics", 1, 1)

        // The cost of training ProGAN itself up to the output resolution.
        var cost: PipelineReport.Cost? = nil
        if o.costReport, let config = stageOneConfig {
            progress("cost: timing ProGAN steps at the missing resolutions", 0, 1)
            // The steps are timed on real batches: the reference half, cycled to the batch size.
            let missing = try TrainingCostEstimate.missing(config: config, outputResolution: output) { r, batch in
                let images = try (0..<batch).map { try reals.reference[$0 % reals.count].resized(width: r, height: r, kernel: .box) }
                return Image.tensor(images, range: .minusOneToOne)
            }
            cost = .init(stageOne: TrainingTime.ofRun(o.stage1), stageTwo: TrainingTime.ofRun(o.stage2), missing: missing,
                         study: try o.study.map { try TwoStageStudyReport.load($0).summary(path: $0.path) })
            progress("cost: timing ProGAN steps at the missing resolutions", 1, 1)
        }

        let report = PipelineReport(date: ISO8601DateFormatter().string(from: Date()), count: o.count, metricImages: metricImages,
                                    realImages: 2 * reals.count, realAvailable: reals.available, realsMirrored: reals.mirrored,
                                    stageOneResolution: r1,
                                    inputResolution: input, outputResolution: output, times: times, quality: quality, cost: cost,
                                    contactSheet: sheetURL.path, imagesFolder: imagesFolder.path)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try enc.encode(report).write(to: o.out.appendingPathComponent("report.json"), options: .atomic)
        try Data(report.table().utf8).write(to: o.out.appendingPathComponent("report.txt"), options: .atomic)
        return report
    }

    /// SWD of `set` against `real` and the MS-SSIM diversity of `set`; with Inception (the network and the reals'
    /// features), FID of `set` against `real` and its Inception Score.
    static func row(_ name: String, _ set: [Image], against real: [Image], resolution r: Int, pairs: Int,
                    inception: (model: InceptionV3, real: InceptionFeatures)? = nil) throws -> PipelineReport.QualityRow {
        let a = ImageBatch(interleaved: set.map(\.pixels), height: r, width: r)
        let b = ImageBatch(interleaved: real.map(\.pixels), height: r, width: r)
        // SWD's Laplacian pyramid starts at 16 px: smaller sets get MS-SSIM only.
        let swd = r >= 16 ? try SWD.distance(b, a, seed: 1) : nil
        let diversity = try MSSSIM.diversity(a, pairs: pairs, seed: 1)
        var row = PipelineReport.QualityRow(set: name, resolution: r, swdLevels: swd?.resolutions ?? [], swdPerLevel: swd?.perLevel ?? [],
                                            swdAverage: swd?.average, msssimDiversity: diversity)
        if let (model, reference) = inception {
            let features = try model.features(of: a)
            row.fid = try FrechetDistance.distance(features.pool3, reference.pool3).value
            let score = try InceptionScore.score(features.logits, splits: min(InceptionScore.defaultSplits, a.count))
            (row.inceptionScore, row.inceptionScoreStd) = (score.mean, score.standardDeviation)
        }
        return row
    }

    /// Up to 8 triples, two per row: the stage-one sample (enlarged with nearest to the output size) | bicubic 4x | SRGAN 4x.
    static func contactSheet(samples: [Image], bicubic: [Image], sr: [Image], output: Int) throws -> Image {
        var tiles: [(label: String, image: Image)] = []
        for i in 0..<min(8, samples.count) {
            let enlarged = samples[i].enlarged(by: max(1, output / samples[i].width))
            tiles += [("stage one \(samples[i].width) px", enlarged), ("bicubic 4x", bicubic[i]), ("SRGAN 4x", sr[i])]
        }
        return try ImageGrid.contactSheet(tiles, columns: 6)
    }
}
