// RunRecord: RUN/run.json, what a run trains on and how it was started, so that `--resume RUN` needs nothing
// else and can refuse what would make it another run (ResumeRules). Beside it, RUN/config.json holds every
// setting; this file holds the inputs that are not settings:
//
//   { "format": "progansr-run-1", "stage": "stage1",
//     "data": { "path": "/abs/data64", "fingerprint": "v1:…" },        the data set (DataFingerprint)
//     "inputs": { "vgg19": { "path": …, "fingerprint": … } },           other files the run reads
//     "commands": [["train-progan", "--data", …], ["train-progan", "--resume", …]] }   each start and resume

import Foundation

/// A file or folder a run reads, by absolute path and fingerprint.
public struct InputReference: Codable, Equatable, Sendable {
    public var path: String
    public var fingerprint: String
    public init(path: String, fingerprint: String) { self.path = path; self.fingerprint = fingerprint }

    /// `url` by its absolute path and its fingerprint (`fingerprint`: DataFingerprint.of, which NN cannot import).
    public init(_ url: URL, fingerprint: (URL) throws -> String) throws {
        self.init(path: url.standardizedFileURL.path, fingerprint: try fingerprint(url))
    }
}

public struct RunRecord: Codable, Equatable, Sendable {
    public static let fileName = "run.json"
    /// Every setting of the run, beside run.json: a folder holds a run exactly when it has this file.
    public static let configFileName = "config.json"
    public static let currentFormat = "progansr-run-1"

    public var format = RunRecord.currentFormat
    /// "stage1" (ProGAN) or "stage2" (SRGAN).
    public var stage: String
    public var data: InputReference
    public var inputs: [String: InputReference]
    /// The command line of the start and of every resume, in order.
    public var commands: [[String]]

    public init(stage: String, data: InputReference, inputs: [String: InputReference] = [:], command: [String]) {
        self.stage = stage
        self.data = data
        self.inputs = inputs
        commands = [command]
    }

    /// The record of the run in `folder`; nil when it has none (a folder made before run.json existed).
    public static func load(folder: URL) throws -> RunRecord? {
        let url = folder.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            let record = try JSONDecoder().decode(RunRecord.self, from: Data(contentsOf: url))
            guard record.format == currentFormat else {
                throw RunFolderError.unreadableRecord(path: url.path, reason: "format \(record.format), expected \(currentFormat)")
            }
            return record
        } catch let e as RunFolderError { throw e } catch {
            throw RunFolderError.unreadableRecord(path: url.path, reason: "\(error)")
        }
    }

    /// The record of the run resumed in `folder`, and whether it was made now. A recorded run's data set is `data`
    /// (a --data flag) checked against the recorded fingerprint, or the recorded one (ResumeRules.data), and
    /// `command` is appended; a folder made before run.json existed gets a record made from `data`, which it
    /// then needs. Another stage's run is refused.
    public static func resuming(folder: URL, stage: String, data: URL?, command: [String],
                                fingerprint: (URL) throws -> String) throws -> (record: RunRecord, made: Bool) {
        guard var record = try load(folder: folder) else {
            guard let data else { throw RunFolderError.needsData(folder: folder.path) }
            return (RunRecord(stage: stage, data: try InputReference(data, fingerprint: fingerprint), command: command), true)
        }
        guard record.stage == stage else { throw RunFolderError.notThisStage(folder: folder.path, expected: stage, found: record.stage) }
        record.data.path = try ResumeRules.data(recorded: record.data, given: data, fingerprint: fingerprint).path
        record.commands.append(command)
        return (record, false)
    }

    /// Writes RUN/run.json atomically.
    public func save(folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try Self.write(try encoder.encode(self), to: folder.appendingPathComponent(Self.fileName))
    }

    /// True when `folder` holds a run (its config.json).
    public static func holdsRun(_ folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(configFileName).path)
    }

    /// RUN/config.json of the run in `folder`; `RunFolderError.noRun` when the folder holds none.
    public static func configURL(ofRun folder: URL) throws -> URL {
        guard holdsRun(folder) else { throw RunFolderError.noRun(folder: folder.path) }
        return folder.appendingPathComponent(configFileName)
    }

    /// Writes RUN/config.json (a config's JSON text) atomically.
    public static func saveConfig(_ json: String, folder: URL) throws {
        try write(Data(json.utf8), to: folder.appendingPathComponent(configFileName))
    }

    private static func write(_ data: Data, to url: URL) throws {
        do { try data.write(to: url, options: .atomic) } catch {
            throw RunFolderError.cannotWrite(path: url.path, reason: RunLog.reason(error))
        }
    }
}
