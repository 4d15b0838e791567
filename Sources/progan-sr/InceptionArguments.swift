// The flags `eval fid`, `eval kid` and `eval is` share: the Inception weights file, the batch size, --json; and
// the step they share: a set of images (ImageSet: folder, data set, stage-one run sampled) through Inception-v3.

import ArgumentParser
import Foundation
import Inception
import Metrics
import Pipeline

struct InceptionArguments: ParsableArguments {
    @Option(help: ArgumentHelp("pytorch-fid's Inception-v3 weights as safetensors (default: $PROGANSR_INCEPTION).",
                               discussion: "README.md, \"FID, KID and Inception Score\", shows how to write the file."))
    var inception: String?
    @Option(help: "Images per Inception forward pass (pytorch-fid's default: 50).") var batchSize = InceptionV3.defaultBatchSize
    @Flag(help: "Print the result as one JSON object on stdout instead of the table.") var json = false

    func validate() throws {
        try ArgumentChecks.atLeast(batchSize, 1, "--batch-size")
        do { _ = try InceptionV3.weightsURL(inception) } catch { throw ValidationError(String(describing: error)) }
    }

    /// The network, loaded before any image is read (so that a wrong file stops the command first).
    func loadModel() throws -> (model: InceptionV3, path: String) {
        let url = try InceptionV3.weightsURL(inception)
        return (try InceptionV3(contentsOf: url), url.path)
    }

    /// `count` images of `set` (a seeded subset of a larger one, or samples of a run) and their features.
    func features(of set: ImageSet, count: Int, seed: UInt64, model: InceptionV3, label: String) throws -> SetFeatures {
        let images = try set.loadShowingProgress(count: count, seed: seed)
        let progress = ProgressLine("Inception features, \(label)")
        let start = Date()
        let features = try model.features(of: images, batchSize: batchSize) { progress.update($0, of: images.count) }
        return SetFeatures(path: set.path, images: images.count, height: images.height, width: images.width,
                           features: features, seconds: Date().timeIntervalSince(start))
    }

    /// A line for people that must not mix with --json's output: on stderr.
    static func note(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

    /// Prints `value` as pretty JSON on stdout.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try enc.encode(value), as: UTF8.self))
    }
}

/// One set's images through Inception, and how long the forward passes took.
struct SetFeatures {
    let path: String
    let images: Int
    let height: Int
    let width: Int
    let features: InceptionFeatures
    let seconds: Double

    /// What the JSON report says of the set.
    struct Summary: Encodable {
        let path: String
        let images: Int
        let height: Int
        let width: Int
        let featureSeconds: Double
    }

    var summary: Summary { Summary(path: path, images: images, height: height, width: width, featureSeconds: seconds) }

    /// The set's row of the table.
    func row(_ name: String) -> String {
        String(format: "%-6@ %8d  %9@  %@", name as NSString, images, "\(width)x\(height)" as NSString, path as NSString)
    }
}
