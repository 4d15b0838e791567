// Starting and resuming a stage-one run folder. A run owns its truth: RUN/config.json (every setting) and
// RUN/run.json (the data set's path and fingerprint, the command lines; RunRecord). `resume` needs nothing
// else, and refuses what would make the run another one (ResumeRules): a changed setting, other data.
//
// Order matters when a process can die at any moment (kill -9): the folder is locked before anything is
// written into it, the embedded emoji are prepared before the run is recorded, and config.json is written
// last, so a folder holds a run exactly when it has config.json. A run killed before its first checkpoint
// resumes from its start, which is what an uninterrupted run would have done.

import Foundation
import Imaging
import NN
import Runs

/// Where a new stage-one run's images come from.
public enum StageOneData: Sendable {
    /// A prepared data set (`progan-sr prepare`).
    case prepared(URL)
    /// The embedded emoji (EmbeddedSamples), prepared into RUN/data at the target resolution.
    case embedded
}

extension ProGANConfig {
    /// Settings a resume may change: they change what is written around the training, never the weights.
    public static let resumableFields: Set<String> = ["checkpointEveryImages", "keepCheckpoints", "gridColumns", "gridRows", "swdImages"]

    /// The settings of the run in `folder` (its config.json).
    public static func ofRun(_ folder: URL) throws -> ProGANConfig { try load(RunRecord.configURL(ofRun: folder)) }
}

extension ProGANTrainer {
    /// Starts a new run in `folder` (created; it must not hold a run). `command` is recorded in run.json;
    /// `preparing` reports the embedded emoji's preparation (done, total).
    public static func start(config: ProGANConfig, data: StageOneData, folder: URL, command: [String],
                             preparing: ((Int, Int) -> Void)? = nil) throws -> ProGANTrainer {
        try config.validate()
        let (lock, created) = try RunLock.creatingFolder(folder)
        do {
            try refuseExistingRun(folder)
            let dataURL: URL
            switch data {
            case .prepared(let url): dataURL = url
            case .embedded: dataURL = try prepareEmbedded(into: folder.appendingPathComponent("data", isDirectory: true),
                                                          resolution: max(config.targetResolution, 4), progress: preparing)
            }
            let dataset = try Dataset(folder: dataURL)
            try dataset.check(resolution: config.targetResolution)
            try record(config: config, data: dataURL, folder: folder, command: command)
            return try ProGANTrainer(config: config, dataset: dataset, folder: folder, lock: lock)
        } catch {
            if created { try? FileManager.default.removeItem(at: folder) }   // a start that failed leaves nothing behind
            throw error
        }
    }

    /// Continues the run in `folder` from its newest checkpoint (from its start if it has none yet), on the data
    /// set it recorded. `asked` is the configuration the command's flags describe (nil: none given): a change
    /// outside `ProGANConfig.resumableFields` is refused, listing each; the allowed ones are applied and returned.
    /// `data` (a --data flag) must have the recorded data set's fingerprint (a moved copy is fine).
    public static func resume(folder: URL, asked: ProGANConfig? = nil, data: URL? = nil,
                              command: [String] = []) throws -> (trainer: ProGANTrainer, changes: [SettingChange]) {
        let runConfig = try ProGANConfig.ofRun(folder)   // first: a folder that holds no run gets no lock file either
        let lock = try RunLock(folder: folder)
        let changes = try ResumeRules.check(run: runConfig, asked: asked ?? runConfig, safe: ProGANConfig.resumableFields, folder: folder)
        let record = try RunRecord.resuming(folder: folder, stage: stage, data: data, command: command, fingerprint: DataFingerprint.of).record
        let config = asked ?? runConfig
        try config.validate()
        let dataset = try Dataset(folder: URL(fileURLWithPath: record.data.path, isDirectory: true))
        try dataset.check(resolution: config.targetResolution)
        try record.save(folder: folder)
        if !changes.isEmpty { try RunRecord.saveConfig(config.json(), folder: folder) }
        let trainer = try ProGANTrainer(config: config, dataset: dataset, folder: folder, lock: lock)
        if let latest = trainer.checkpoints.latest { try trainer.restore(from: latest) }
        try trainer.log.keepRecords(upTo: trainer.imagesShown, key: "images")
        try trainer.swdLog.keepRecords(upTo: trainer.imagesShown, key: "images")
        return (trainer, changes)
    }

    /// The stage name in run.json.
    static let stage = "stage1"

    /// Refuses a folder that holds a run already (its config.json).
    static func refuseExistingRun(_ folder: URL) throws {
        if RunRecord.holdsRun(folder) {
            throw ProGANError.invalidConfig(field: "run folder", reason: "\(folder.path) already holds a run; continue it with --resume \(folder.path) or choose another folder")
        }
    }

    /// Writes run.json (the data set and the command), then config.json: from here on the folder holds a run.
    static func record(config: ProGANConfig, data: URL, folder: URL, command: [String]) throws {
        try RunRecord(stage: stage, data: try InputReference(data, fingerprint: DataFingerprint.of), command: command).save(folder: folder)
        try RunRecord.saveConfig(config.json(), folder: folder)
    }

    /// The embedded emoji prepared into `folder`, or the copy already there when a start was interrupted after
    /// preparing (a complete data set with the resolution; anything else is prepared again).
    public static func prepareEmbedded(into folder: URL, resolution: Int, progress: ((Int, Int) -> Void)?) throws -> URL {
        if let existing = try? Dataset(folder: folder), existing.resolutions.contains(resolution) { return folder }
        try? FileManager.default.removeItem(at: folder)
        var options = DatasetOptions()
        options.resolution = resolution
        _ = try DatasetBuilder.prepare(source: EmbeddedSamples.folder, output: folder, options: options, progress: progress)
        return folder
    }
}
