// Reading what the pipeline needs from the stages' run folders: stage two's weights, stage one's
// config, the wall time each trained (from log.jsonl), and the real images to compare with.

import Foundation
import Imaging
import NN
import ProGAN

enum StageRuns {
    /// A weights file as given, or a stage-two run folder's generator.safetensors (when finished) or its
    /// newest checkpoint.
    static func stageTwoWeights(_ path: URL) throws -> URL {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDir) else {
            throw PipelineError.notFound(what: "stage two (a run folder or weights file)", path: path.path)
        }
        guard isDir.boolValue else { return path }
        let finished = path.appendingPathComponent("generator.safetensors")
        if FileManager.default.fileExists(atPath: finished.path) { return finished }
        guard let latest = CheckpointFiles(folder: path).latest else {
            throw PipelineError.notFound(what: "stage two's generator.safetensors or a checkpoint", path: path.path)
        }
        return latest
    }

    /// Stage one's settings: the run's config.json, or the config in a checkpoint's metadata.
    static func stageOneConfig(_ path: URL) throws -> ProGANConfig {
        let config = path.appendingPathComponent("config.json")
        if FileManager.default.fileExists(atPath: config.path) { return try ProGANConfig.load(config) }
        let folder = path.deletingLastPathComponent().appendingPathComponent("config.json")
        return try ProGANConfig.load(folder)
    }

    /// The training wall time recorded in a run folder's log.jsonl (a checkpoint's folder when a file is
    /// given): stage one logs a cumulative `training_seconds`; stage two logs `seconds_per_step` every few
    /// steps (× the steps since the previous record). nil without a log.
    static func trainingSeconds(ofRun path: URL) -> Double? {
        var isDir: ObjCBool = false
        FileManager.default.fileExists(atPath: path.path, isDirectory: &isDir)
        let folder = isDir.boolValue ? path : path.deletingLastPathComponent()
        let records = RunLog.read(folder.appendingPathComponent("log.jsonl"))
        guard !records.isEmpty else { return nil }
        let cumulative = records.compactMap { ($0["training_seconds"] as? NSNumber)?.doubleValue }
        if let last = cumulative.max() { return last }
        var total = 0.0, previousStep = 0
        for r in records {
            guard let sps = (r["seconds_per_step"] as? NSNumber)?.doubleValue, let step = (r["step"] as? NSNumber)?.intValue else { continue }
            total += sps * Double(max(step - previousStep, 0))
            previousStep = step
        }
        return total
    }

    /// Up to `count` real images, square: from a prepared data set (its top level), a folder (files that do not
    /// decode are passed over), or the embedded emoji. Fewer when the set holds fewer; the caller decides.
    static func realImages(_ source: URL?, upTo count: Int) throws -> [Image] {
        let url = source ?? EmbeddedSamples.folder
        if FileManager.default.fileExists(atPath: url.appendingPathComponent(DatasetManifest.fileName).path) {
            let data = try Dataset(folder: url)
            let top = data.resolutions.max() ?? 4
            return (0..<min(count, data.count)).map { data.image($0, resolution: top) }
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw PipelineError.notFound(what: "the real images (a folder of images or a prepared data set)", path: url.path)
        }
        let files = try DatasetBuilder.listFiles(in: url)
        var images: [Image] = []
        for f in files where images.count < count {
            guard let image = try? Image(contentsOf: url.appendingPathComponent(f).path) else { continue }
            images.append(image.centerSquare())
        }
        return images
    }
}
