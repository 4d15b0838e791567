// Shared by the stage-two tests: a temporary folder, and a few embedded emoji.

import Foundation
import Imaging
import SRGAN

final class TempFolder {
    let url: URL

    init(_ name: String = "srgan") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("progansr-\(name)-\(UUID().uuidString)", isDirectory: true)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

enum Emoji {
    /// `count` embedded images, evenly spaced through the sorted list.
    static func images(_ count: Int) throws -> [(name: String, image: Image)] {
        let folder = EmbeddedSamples.folder
        let files = try DatasetBuilder.listFiles(in: folder).filter { $0.hasSuffix(".png") }
        return try (0..<count).map { i in
            let name = files[i * files.count / count]
            return (name, try Image(contentsOf: folder.appendingPathComponent(name).path))
        }
    }

    /// A tiny configuration that trains in well under a second per step.
    static func tinyConfig(phase1: Int, phase2: Int) -> SRGANConfig {
        var c = SRGANConfig()
        c.blocks = 1
        c.channels = 8
        c.hrCrop = 32
        c.batchSize = 4
        c.discriminatorChannels = 4
        c.discriminatorDense = 16
        c.validationImages = 4
        c.sheetImages = 2
        c.validationCrop = 64
        c.phase1Steps = phase1
        c.phase2Steps = phase2
        c.phase1LearningRate = 1e-3
        c.checkpointEverySteps = 2
        c.keepCheckpoints = 2
        c.learningRateSteps = [1]
        return c
    }
}
