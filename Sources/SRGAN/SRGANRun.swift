// SRGANRun: a training run in a folder — start or resume, train until done or asked to stop, and write
// checkpoints, validation pictures and scores, and the log on the way. Everything a person (or the CLI) needs
// to watch comes through `progress`.

import Foundation
import Imaging
import NN
import Runs
import Tensors

public struct SRRunProgress {
    public var step: Int
    public var totalSteps: Int
    public var phase: Int
    public var losses: SRStepLosses
}

public struct SRRunResult {
    /// Steps done when the run ended.
    public var step: Int
    /// True if all steps are done (false: stopped on request).
    public var finished: Bool
    /// The last validation scores, and bicubic's.
    public var scores: SRScores
    public var bicubic: SRScores
    /// generator.safetensors when finished, else the last checkpoint.
    public var model: URL
}

public final class SRGANRun {
    public let folder: URL
    public let trainer: SRGANTrainer
    let files: CheckpointFiles
    public let log: RunLog
    /// One trainer per folder (flock, released when the process ends).
    let lock: RunLock
    /// Log averages every this many steps.
    public var logEverySteps = 20

    /// Opens `folder` for `trainer`: creates it (with config.json) or, if it holds checkpoints and `resume` is
    /// on, restores the newest one. A folder with checkpoints and `resume` off is an error (nothing is overwritten).
    /// `lock` is the folder's lock when the caller took it already (`start`, `resume`).
    public init(folder: URL, trainer: SRGANTrainer, resume: Bool, lock: RunLock? = nil) throws {
        self.folder = folder
        self.trainer = trainer
        files = CheckpointFiles(folder: folder)
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: folder.appendingPathComponent("validation"), withIntermediateDirectories: true)
        } catch {
            throw SRGANError.runFolder(path: folder.path, reason: "cannot create it: \(error.localizedDescription)")
        }
        self.lock = try lock ?? RunLock(folder: folder)
        log = try RunLog(url: folder.appendingPathComponent("log.jsonl"))
        if let latest = files.latest {
            guard resume else {
                throw SRGANError.runFolder(path: folder.path, reason: "holds checkpoints already; continue it with --resume \(folder.path) or choose another --out")
            }
            try trainer.resume(from: latest)
        }
        if resume {
            try log.keepRecords(upTo: trainer.step, key: "step")
        } else {
            try RunRecord.saveConfig(trainer.config.json(), folder: folder)
        }
    }

    /// Trains until the last step or until `shouldStop()` (checked after every step) says so; writes a
    /// checkpoint at every `checkpointEverySteps`, at the end of each phase and when stopping. A NaN loss
    /// throws (`SRGANError.nonFinite`) and leaves the last checkpoint as it was.
    public func run(shouldStop: () -> Bool = { false }, progress: (SRRunProgress) -> Void = { _ in }) throws -> SRRunResult {
        let config = trainer.config
        var last = try validateAndRecord()
        var mark = DispatchTime.now().uptimeNanoseconds
        func tickWallClock() {
            let now = DispatchTime.now().uptimeNanoseconds
            trainer.wallSeconds += Double(now - mark) / 1e9
            mark = now
        }
        while !trainer.isFinished {
            let losses = try trainer.trainStep()
            tickWallClock()
            let step = trainer.step
            progress(SRRunProgress(step: step, totalSteps: config.totalSteps, phase: trainer.phase, losses: losses))
            if step % logEverySteps == 0 || step == config.totalSteps { try log.append(trainer.takeAverages()) }
            let stopping = shouldStop()
            if step % config.checkpointEverySteps == 0 || step == config.phase1Steps || step == config.totalSteps || stopping {
                tickWallClock()
                last = try checkpoint()
            }
            if step == config.phase1Steps && config.phase2Steps > 0 {
                try trainer.saveGenerator(to: folder.appendingPathComponent(Self.srresnetFile))
            }
            if stopping { break }
        }
        var model = files.latest ?? folder
        if trainer.isFinished {
            model = folder.appendingPathComponent(Self.generatorFile)
            try trainer.saveGenerator(to: model)
            try writeComparison()
        }
        return SRRunResult(step: trainer.step, finished: trainer.isFinished, scores: last, bicubic: trainer.validation.bicubicScores, model: model)
    }

    /// The finished generator, and the SRResNet at the end of phase 1 (when there is a phase 2).
    public static let generatorFile = "generator.safetensors"
    public static let srresnetFile = "srresnet.safetensors"

    /// comparison.png (LR | bicubic | SRResNet | SRGAN | HR on the first held-out images) and scores.json (the
    /// mean scores of each on all held-out images), from generator.safetensors and srresnet.safetensors.
    public func writeComparison() throws {
        let validation = trainer.validation
        var columns: [(name: String, images: [Image])] = [("bicubic", validation.bicubic)]
        let phase1 = folder.appendingPathComponent(Self.srresnetFile)
        if FileManager.default.fileExists(atPath: phase1.path) {
            let model = try SRResNet.load(contentsOf: phase1)
            columns.append(("SRResNet", Image.images(from: try Upscaler(model: model, tile: 1 << 20, overlap: 0, batch: 16).upscale(validation.lrTensor),
                                                     range: .zeroToOne)))
        }
        columns.append((trainer.config.phase2Steps > 0 ? "SRGAN" : "SRResNet", trainer.upscaleValidation()))
        var scores: [String: Any] = ["images": validation.names.count, "scale": validation.scale, "step": trainer.step,
                                     "content_loss": trainer.contentLoss.rawValue]
        for (name, images) in columns {
            let s = try validation.scores(images)
            scores[name.lowercased()] = ["psnr_y": s.psnrY, "ssim_y": s.ssimY, "psnr_rgb": s.psnrRGB, "msssim": s.msssim]
        }
        try JSONSerialization.data(withJSONObject: scores, options: [.prettyPrinted, .sortedKeys])
            .write(to: folder.appendingPathComponent("scores.json"))
        var tiles: [(label: String, image: Image)] = []
        for i in 0..<min(trainer.config.sheetImages, validation.lr.count) {
            tiles.append(("LR x\(validation.scale)", validation.lr[i].enlarged(by: validation.scale)))
            for (name, images) in columns { tiles.append((name, images[i])) }
            tiles.append(("HR", validation.hr[i]))
        }
        try ImageGrid.contactSheet(tiles, columns: columns.count + 2).save(to: folder.appendingPathComponent("comparison.png").path)
    }

    /// Writes the checkpoint of the current step (atomically, pruning old ones), then validates.
    @discardableResult
    public func checkpoint() throws -> SRScores {
        try trainer.saveCheckpoint(to: files.url(forImagesShown: trainer.step * trainer.config.batchSize))
        files.prune(keep: trainer.config.keepCheckpoints)
        return try validateAndRecord()
    }

    /// Writes the validation picture of the current step and a validation record in the log; returns the scores.
    @discardableResult
    public func validateAndRecord() throws -> SRScores {
        let step = trainer.step
        let (scores, sheet) = try trainer.validate()
        try sheet.save(to: folder.appendingPathComponent(String(format: "validation/step-%07d.png", step)).path)
        let bicubic = trainer.validation.bicubicScores
        try log.append(["event": "validation", "step": step, "phase": trainer.phase,
                    "psnr_y": scores.psnrY, "ssim_y": scores.ssimY, "psnr_rgb": scores.psnrRGB, "msssim": scores.msssim,
                    "bicubic_psnr_y": bicubic.psnrY, "bicubic_ssim_y": bicubic.ssimY, "bicubic_psnr_rgb": bicubic.psnrRGB,
                    "bicubic_msssim": bicubic.msssim])
        try SRRunCharts.write(folder: folder)
        return scores
    }
}
