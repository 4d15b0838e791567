// Reading what the pipeline needs from the stages' run folders: stage two's weights, stage one's
// config.

import Foundation
import Imaging
import ProGAN
import Runs
import SRGAN

enum StageRuns {
    /// A weights file as given, or a stage-two run folder's generator.safetensors (when finished) or its
    /// newest checkpoint.
    static func stageTwoWeights(_ path: URL) throws -> URL {
        guard FileManager.default.fileExists(atPath: path.path) else {
            throw PipelineError.notFound(what: "stage two (a run folder or weights file)", path: path.path)
        }
        let finished = path.appendingPathComponent(SRGANRun.generatorFile)
        if FileManager.default.fileExists(atPath: finished.path) { return finished }
        do { return try RunFolder.checkpoint(path, missing: "stage two (a run folder or weights file)") } catch RunFolderError.noCheckpoint {
            throw PipelineError.notFound(what: "stage two's generator.safetensors or a checkpoint", path: path.path)
        }
    }

    /// Stage one's settings: the run's config.json, or the config in a checkpoint's metadata.
    static func stageOneConfig(_ path: URL) throws -> ProGANConfig {
        let config = path.appendingPathComponent("config.json")
        if FileManager.default.fileExists(atPath: config.path) { return try ProGANConfig.load(config) }
        let folder = path.deletingLastPathComponent().appendingPathComponent("config.json")
        return try ProGANConfig.load(folder)
    }
}
