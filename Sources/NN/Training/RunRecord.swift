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
}

public struct RunRecord: Codable, Equatable, Sendable {
    public static let fileName = "run.json"
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

    /// Writes RUN/run.json atomically.
    public func save(folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let url = folder.appendingPathComponent(Self.fileName)
        do { try encoder.encode(self).write(to: url, options: .atomic) } catch {
            throw RunFolderError.cannotWrite(path: url.path, reason: RunLog.reason(error))
        }
    }
}
