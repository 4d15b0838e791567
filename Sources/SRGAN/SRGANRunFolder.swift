// Starting and resuming a stage-two run folder, by the same rules as stage one (ProGANRunFolder.swift): the run
// owns its truth — RUN/config.json (every setting) and RUN/run.json (the training images' path and fingerprint,
// the VGG19 file's, the command lines; RunRecord) — and `--resume RUN` needs nothing else. A flag that would make
// it another run is refused, listing each difference (ResumeRules); other training images or another VGG19 file
// are refused, naming both. The folder is locked before anything is loaded or written.

import Foundation
import Imaging
import NN
import Runs

extension SRGANConfig {
    /// Settings a resume may change: they change what is written around the training, never the weights.
    public static let resumableFields: Set<String> = ["checkpointEverySteps", "keepCheckpoints", "sheetImages"]

    /// The settings of the run in `folder` (its config.json).
    public static func ofRun(_ folder: URL) throws -> SRGANConfig { try load(RunRecord.configURL(ofRun: folder)) }
}

extension SRGANRun {
    /// The stage name in run.json.
    static let stage = "stage2"

    /// Starts a new run in `folder` (created; it must not hold a run) on the images of `data` (a folder of images
    /// or a prepared data set), with VGG19 weights when given. `command` is recorded in run.json.
    public static func start(config: SRGANConfig, data: URL, vgg19: URL?, folder: URL, command: [String],
                             announce: (String) -> Void = { _ in }) throws -> SRGANRun {
        try config.validate()
        let (lock, created) = try RunLock.creatingFolder(folder)
        do {
            if RunRecord.holdsRun(folder) {
                throw SRGANError.runFolder(path: folder.path, reason: "holds a run already; continue it with --resume \(folder.path) or choose another --out")
            }
            var record = RunRecord(stage: stage, data: try InputReference(data, fingerprint: DataFingerprint.of), command: command)
            if let vgg19 { record.inputs["vgg19"] = try InputReference(vgg19, fingerprint: DataFingerprint.of) }
            let trainer = try makeTrainer(config: config, data: data, vgg19: vgg19, announce: announce)
            try record.save(folder: folder)
            return try SRGANRun(folder: folder, trainer: trainer, resume: false, lock: lock)
        } catch {
            if created { try? FileManager.default.removeItem(at: folder) }   // a start that failed leaves nothing behind
            throw error
        }
    }

    /// Continues the run in `folder` from its newest checkpoint (from its start if it has none yet), on its
    /// recorded images and VGG19 file. `asked` is the configuration the command's flags describe (nil: none):
    /// a change outside `SRGANConfig.resumableFields` is refused, listing each; allowed ones are applied and
    /// returned. `data` and `vgg19` (flags) must have the recorded fingerprints (a moved copy is fine).
    public static func resume(folder: URL, asked: SRGANConfig? = nil, data: URL? = nil, vgg19: URL? = nil, command: [String] = [],
                              announce: (String) -> Void = { _ in }) throws -> (run: SRGANRun, changes: [SettingChange]) {
        let runConfig = try SRGANConfig.ofRun(folder)   // first: a folder that holds no run gets no lock file either
        let lock = try RunLock(folder: folder)
        let changes = try ResumeRules.check(run: runConfig, asked: asked ?? runConfig, safe: SRGANConfig.resumableFields, folder: folder)
        var (record, made) = try RunRecord.resuming(folder: folder, stage: stage, data: data, command: command, fingerprint: DataFingerprint.of)
        if let recorded = record.inputs["vgg19"] {
            record.inputs["vgg19"]?.path = try ResumeRules.data(recorded: recorded, given: vgg19, what: "VGG19 weights file",
                                                                fingerprint: DataFingerprint.of).path
        } else if let vgg19 {
            guard made else {
                throw RunFolderError.dataChanged(what: "VGG19 weights file", recorded: InputReference(path: "(none)", fingerprint: "(none)"),
                                                 now: vgg19.path, detail: "the run was started without VGG19 weights")
            }
            record.inputs["vgg19"] = try InputReference(vgg19, fingerprint: DataFingerprint.of)   // a run from before run.json
        }
        return try open(folder: folder, config: asked ?? runConfig, record: record, changes: changes, lock: lock, announce: announce)
    }

    private static func open(folder: URL, config: SRGANConfig, record: RunRecord, changes: [SettingChange], lock: RunLock,
                             announce: (String) -> Void) throws -> (run: SRGANRun, changes: [SettingChange]) {
        let trainer = try makeTrainer(config: config, data: URL(fileURLWithPath: record.data.path, isDirectory: true),
                                      vgg19: record.inputs["vgg19"].map { URL(fileURLWithPath: $0.path) }, announce: announce)
        try record.save(folder: folder)
        if !changes.isEmpty { try RunRecord.saveConfig(config.json(), folder: folder) }
        return (try SRGANRun(folder: folder, trainer: trainer, resume: true, lock: lock), changes)
    }

    private static func makeTrainer(config: SRGANConfig, data: URL, vgg19: URL?, announce: (String) -> Void) throws -> SRGANTrainer {
        let started = Date()
        let images = try SRTrainingData.load(from: data, scale: config.upscale, kernel: ResizeKernel(name: config.downsampleKernel),
                                             validationImages: config.validationImages, minimumSide: config.hrCrop)
        announce("data: \(images.count) images from \(data.path) (\(images.trainIndices.count) to train on, "
                 + "\(images.validationIndices.count) held out), LR by \(config.downsampleKernel) /\(config.upscale), "
                 + String(format: "loaded in %.1f s", Date().timeIntervalSince(started)))
        if !images.skipped.isEmpty {
            announce("skipped \(images.skipped.count) images too small to use:")
            for s in images.skipped.prefix(10) { announce("  \(s.name): \(s.reason)") }
            if images.skipped.count > 10 { announce("  … and \(images.skipped.count - 10) more") }
        }
        return try SRGANTrainer(config: config, data: images, vgg19: vgg19, announce: announce)
    }
}
