// CheckpointMetadata: the one schema of the metadata both stages write into a training checkpoint's safetensors
// header (string → string, as the format allows), so that a reader — ours, or third-party code with a
// safetensors library — finds the same keys in either stage's file:
//
//   "format":        "progansr-checkpoint-2"
//   "stage":         "stage1" | "stage2"                       (RunFolder.stageOne / stageTwo)
//   "config":        the stage's config as JSON                (ProGANConfig / SRGANConfig)
//   "rng":           the generator's four state words, joined by ","
//   "wall_seconds":  wall-clock seconds spent in the training loop so far
//   + stage-specific keys: stage one "images_shown", "optimizer_resolution", "training_seconds",
//     "seconds_per_resolution"; stage two "step", "content_loss", "blocks", "channels", "upscale".
//
// Checkpoints written before this schema are still read: stage one's had "kind": "progansr-stage1-progan" and
// its RNG words joined by " "; stage two's "format": "progansr-srgan-checkpoint-1".

import Foundation

public struct CheckpointMetadata: Equatable, Sendable {
    public static let currentFormat = "progansr-checkpoint-2"
    static let legacyStageOneKind = "progansr-stage1-progan"
    static let legacyStageTwoFormat = "progansr-srgan-checkpoint-1"

    /// RunFolder.stageOne or RunFolder.stageTwo.
    public var stage: String
    public var config: String
    /// The random generator's state words (4).
    public var rng: [UInt64]
    public var wallSeconds: Double?
    /// The stage's own keys (positions, timings, model shape).
    public var fields: [String: String]

    public init(stage: String, config: String, rng: [UInt64], wallSeconds: Double, fields: [String: String] = [:]) {
        self.stage = stage
        self.config = config
        self.rng = rng
        self.wallSeconds = wallSeconds
        self.fields = fields
    }

    /// The header's string map.
    public var header: [String: String] {
        var h = fields
        h["format"] = Self.currentFormat
        h["stage"] = stage
        h["config"] = config
        h["rng"] = rng.map(String.init).joined(separator: ",")
        if let wallSeconds { h["wall_seconds"] = String(wallSeconds) }
        return h
    }

    /// The stage a header says it is of (this schema or an older one); nil when it is no training checkpoint of ours.
    public static func stage(of header: [String: String]) -> String? {
        if header["format"] == currentFormat { return header["stage"] }
        if header["kind"] == legacyStageOneKind { return RunFolder.stageOne }
        if header["format"] == legacyStageTwoFormat { return RunFolder.stageTwo }
        return nil
    }

    /// Reads a header of either schema. Throws `RunFolderError.foreignCheckpoint` naming `path` and what is wrong
    /// when it is not a training checkpoint of `stage` or a key is missing or unreadable.
    public init(header: [String: String], stage expected: String, path: String) throws {
        func fail(_ reason: String) -> RunFolderError { .foreignCheckpoint(path: path, reason: reason) }
        guard let stage = Self.stage(of: header) else {
            throw fail("its metadata names no ProGANSR training checkpoint (format \(header["format"] ?? "not set"), kind \(header["kind"] ?? "not set"))")
        }
        guard stage == expected else { throw fail("it is a \(stage) checkpoint, not \(expected)") }
        guard let config = header["config"] else { throw fail("no config in its metadata") }
        guard let rngText = header["rng"] else { throw fail("no rng in its metadata") }
        let words = rngText.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { UInt64($0) }
        guard words.count == 4 else { throw fail("its rng is not four state words: \(rngText)") }
        var fields = header
        for key in ["format", "stage", "kind", "config", "rng", "wall_seconds"] { fields[key] = nil }
        self.stage = stage
        self.config = config
        self.rng = words
        self.wallSeconds = header["wall_seconds"].flatMap(Double.init)
        self.fields = fields
    }

    /// A stage-specific integer field; throws naming it when missing or not an integer.
    public func integer(_ key: String, path: String) throws -> Int {
        guard let text = fields[key], let value = Int(text) else {
            throw RunFolderError.foreignCheckpoint(path: path, reason: fields[key] == nil ? "no \(key) in its metadata" : "\(key) is not an integer: \(fields[key]!)")
        }
        return value
    }
}
