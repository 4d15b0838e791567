// What the run tests share: a small prepared data set and a small image folder made through the binary from
// the embedded emoji, tiny presets written as a user would write them, and checkpoints compared tensor by tensor.

import Foundation
import SafeTensors
import XCTest

enum RunFixtures {
    /// The embedded emoji folder of this checkout.
    static var emoji: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("samples/noto-emoji-people", isDirectory: true)
    }

    /// `count` emoji copied into `folder`, from the `offset`-th on (sorted by name).
    static func copyEmoji(count: Int, offset: Int = 0, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: emoji.path).filter { $0.hasSuffix(".png") }.sorted()
        for name in names.dropFirst(offset).prefix(count) {
            try FileManager.default.copyItem(at: emoji.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
    }

    /// A stage-one preset small enough that a run takes seconds, long enough (200 steps) to be interrupted.
    static let tinyStageOne = """
        {"latentSize": 32, "fmapBase": 256, "fmapMax": 32, "separable": "both", "targetResolution": 16,
         "phaseImages": {"4": 320, "8": 320, "16": 320}, "minibatchDefault": 8, "emaHalfLifeImages": 200,
         "checkpointEveryImages": 320, "keepCheckpoints": 8, "swdImages": 0, "gridColumns": 2, "gridRows": 2, "seed": 3}
        """

    /// A stage-two preset of the same kind: 120 steps of a 1-block SRResNet on 16 px crops.
    static let tinyStageTwo = """
        {"blocks": 1, "channels": 8, "hrCrop": 16, "batchSize": 4, "phase1Steps": 100, "phase1LearningRate": 0.002,
         "phase2Steps": 20, "discriminatorChannels": 4, "discriminatorDense": 16, "validationImages": 4, "validationCrop": 32,
         "checkpointEverySteps": 20, "keepCheckpoints": 10, "sheetImages": 2, "seed": 5}
        """

    static func write(_ text: String, to url: URL) throws { try Data(text.utf8).write(to: url) }

    /// The checkpoint files of a run folder, by name.
    static func checkpoints(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix("checkpoint-") && $0.hasSuffix(".safetensors") }.sorted()
    }

    /// The images shown at a checkpoint, from its name (checkpoint-000000640.safetensors → 640).
    static func imagesShown(_ checkpoint: String) -> Int? {
        Int(checkpoint.dropFirst("checkpoint-".count).prefix { $0.isNumber })
    }

    /// The "images" of the last complete record of a run's log.jsonl (0 when there is none).
    static func lastLoggedImages(in folder: URL) -> Int {
        let text = (try? String(contentsOf: folder.appendingPathComponent("log.jsonl"), encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n").reversed() {
            if let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
               let images = record["images"] as? Int { return images }
        }
        return 0
    }

    /// Lines in a run's log.jsonl so far.
    static func logLines(in folder: URL) -> Int {
        ((try? String(contentsOf: folder.appendingPathComponent("log.jsonl"), encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// The tensors of `a` and `b` are the same, bit for bit (metadata such as wall time may differ).
    static func assertSameTensors(_ a: URL, _ b: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let fa = try SafeTensorsFile(contentsOf: a), fb = try SafeTensorsFile(contentsOf: b)
        XCTAssertEqual(fa.names, fb.names, "\(a.lastPathComponent): other tensors", file: file, line: line)
        var differing: [String] = []
        for name in fa.names where fb.names.contains(name) {
            let x = try fa.floats(name), y = try fb.floats(name)
            if x.map(\.bitPattern) != y.map(\.bitPattern) { differing.append(name) }
        }
        XCTAssertTrue(differing.isEmpty, "\(a.path) vs \(b.path): \(differing.count) of \(fa.names.count) tensors differ, e.g. \(differing.prefix(5))",
                      file: file, line: line)
    }

    /// Every tensor of a checkpoint is finite.
    static func nonFiniteTensors(_ url: URL) throws -> [String] {
        let f = try SafeTensorsFile(contentsOf: url)
        return try f.names.filter { try !f.floats($0).allSatisfy(\.isFinite) }
    }
}
