// RunFolder: what a path a user gives for "a run or a checkpoint" is — the one place a run folder is turned into a
// checkpoint file and its stage is read, for the sampler, the pipeline and `eval`.

import Foundation

public enum RunFolder {
    /// The stages a run.json records.
    public static let stageOne = "stage1", stageTwo = "stage2"

    /// The stage of the run in `folder` as its run.json records it; nil when the folder has no run.json (no run, or
    /// a run made before run.json existed).
    public static func stage(of folder: URL) -> String? {
        (try? RunRecord.load(folder: folder))??.stage
    }

    /// `path` itself when it is a file; the newest checkpoint when it is a run folder. Throws when it does not exist
    /// (`missing` names what was expected) or the folder has no checkpoint.
    public static func checkpoint(_ path: URL, missing: String) throws -> URL {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder) else {
            throw RunFolderError.notFound(what: missing, path: path.path)
        }
        guard isFolder.boolValue else { return path }
        guard let latest = CheckpointFiles(folder: path).latest else { throw RunFolderError.noCheckpoint(folder: path.path) }
        return latest
    }
}
