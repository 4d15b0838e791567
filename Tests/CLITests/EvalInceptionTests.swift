// `eval fid`, `eval kid` and `eval is` through the binary, with the conformance fixture's random Inception weights
// written as a user's file: the numbers printed (--json) are the library's on the same images (so the command
// loads, converts and batches the images as the library is tested to), a set against itself has FID 0, and the
// weights file's errors — none given, missing, not a safetensors file, another network — stop the command before
// any image is read, saying what to pass and how to make the file.

import Foundation
import Imaging
import Inception
import InceptionTestSupport
import Metrics
import SafeTensors
import XCTest

final class EvalInceptionTests: XCTestCase {
    static var scratch: ScratchFolder!
    static var setupError: Error?

    /// `count` (3) noisy 24-px images per folder, different per seed; `weights.safetensors` the random Inception.
    static var batches: [String: ImageBatch] = [:]

    override class func setUp() {
        scratch = ScratchFolder("eval-inception")
        do {
            try RandomInceptionWeights.write(to: scratch.url.appendingPathComponent("weights.safetensors"))
            for (name, seed) in [("a", 1), ("b", 2)] { batches[name] = try folder(name, count: 3, side: 24, seed: UInt64(seed)) }
            try Data("not a model\n".utf8).write(to: scratch.url.appendingPathComponent("text.txt"))
        } catch { setupError = error }
    }

    override class func tearDown() { scratch = nil }

    static func folder(_ name: String, count: Int, side: Int, seed: UInt64) throws -> ImageBatch {
        let dir = scratch.url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var state = seed
        var images: [[UInt8]] = []
        for i in 0..<count {
            let pixels = (0..<(side * side * 3)).map { k -> UInt8 in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: (state >> 57) + UInt64((k / 3 % side) * 128 / side))
            }
            try Image(width: side, height: side, pixels: pixels).save(to: dir.appendingPathComponent(String(format: "%04d.png", i)).path)
            images.append(pixels)
        }
        return ImageBatch(interleaved: images, height: side, width: side)
    }

    var weights: String { Self.scratch.path("weights.safetensors") }
    func path(_ name: String) -> String { Self.scratch.path(name) }
    /// No weights from the environment unless a test gives them.
    let noEnvironment = ["PROGANSR_INCEPTION": ""]

    func json(_ r: ProGANSRBinary.Result) throws -> [String: Any] {
        XCTAssertEqual(r.status, 0, r.description)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.description)
    }

    func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

    func testFIDKIDAndISAreTheLibrarysOnTheSameImages() throws {
        if let e = Self.setupError { throw e }
        let binary = try ProGANSRBinary()
        let model = try InceptionV3(contentsOf: URL(fileURLWithPath: weights))
        let a = try model.features(of: Self.batches["a"]!), b = try model.features(of: Self.batches["b"]!)

        let fid = try json(try binary.run(["eval", "fid", "--real", path("a"), "--fake", path("b"), "--inception", weights, "--json"],
                                          environment: noEnvironment))
        let expectedFID = try FrechetDistance.distance(a.pool3, b.pool3).value
        XCTAssertLessThan(relative(fid["fid"] as! Double, expectedFID), 1e-9, "\(fid)")
        XCTAssertGreaterThan(expectedFID, 0)
        XCTAssertEqual((fid["real"] as? [String: Any])?["images"] as? Int, 3)
        XCTAssertEqual(fid["inception"] as? String, weights)

        // The weights from the environment; a set against itself.
        let same = try binary.run(["eval", "fid", "--real", path("a"), "--fake", path("a")], environment: ["PROGANSR_INCEPTION": weights])
        XCTAssertEqual(same.status, 0, same.description)
        XCTAssertTrue(same.stdout.contains("FID") && same.stdout.contains("3 vs 3 images"), same.description)
        let value = try XCTUnwrap(same.stdout.split(separator: "\n").first { $0.hasPrefix("FID ") && !$0.contains("(") }.flatMap { Double($0.split(separator: " ").last!) })
        XCTAssertLessThan(abs(value), 1e-3, same.description)
        XCTAssertTrue(same.stderr.contains("fewer than the 2048 features"), same.description)

        let kid = try json(try binary.run(["eval", "kid", "--real", path("a"), "--fake", path("b"), "--inception", weights,
                                           "--subsets", "5", "--subset-size", "3", "--json"], environment: noEnvironment))
        let expectedKID = try KernelInceptionDistance.distance(a.pool3, b.pool3, subsets: 5, subsetSize: 3)
        XCTAssertLessThan(relative(kid["kidMean"] as! Double, expectedKID.mean), 1e-9, "\(kid)")
        XCTAssertLessThan(relative(kid["kidStd"] as! Double, expectedKID.standardDeviation), 1e-9, "\(kid)")
        XCTAssertEqual(kid["subsetSize"] as? Int, 3)

        let inceptionScore = try json(try binary.run(["eval", "is", "--images", path("b"), "--inception", weights, "--splits", "3", "--json"],
                                                     environment: noEnvironment))
        let expectedIS = try InceptionScore.score(b.logits, splits: 3)
        XCTAssertLessThan(relative(inceptionScore["isMean"] as! Double, expectedIS.mean), 1e-9, "\(inceptionScore)")
        XCTAssertLessThan(relative(inceptionScore["isStd"] as! Double, expectedIS.standardDeviation), 1e-9, "\(inceptionScore)")
        XCTAssertEqual(inceptionScore["shuffled"] as? Bool, true)
    }

    func testWeightsFileErrorsStopBeforeAnyImageIsRead() throws {
        if let e = Self.setupError { throw e }
        let binary = try ProGANSRBinary()
        // None given: a usage error (64) naming both ways to give it and how to make it.
        for command in [["eval", "fid", "--real", path("a"), "--fake", path("b")],
                        ["eval", "kid", "--real", path("a"), "--fake", path("b")], ["eval", "is", "--images", path("a")]] {
            let r = try binary.run(command, environment: noEnvironment)
            XCTAssertEqual(r.status, 64, r.description)
            for needed in ["--inception", "PROGANSR_INCEPTION", "pt_inception-2015-12-05", "README.md"] {
                XCTAssertTrue(r.stderr.contains(needed), "lacks \(needed): \(r.description)")
            }
        }
        // Missing, unreadable, another network: exit 1 naming the file; the real set is never looked at.
        let cases: [(String, [String])] = [(path("missing.safetensors"), ["missing.safetensors", "does not exist"]),
                                           (path("text.txt"), ["text.txt"]),
                                           (path("other.safetensors"), ["other.safetensors", "missing key", "Mixed_7c.branch_pool.bn.running_var"])]
        try InceptionOtherFile.write(to: URL(fileURLWithPath: path("other.safetensors")))
        for (file, needed) in cases {
            let r = try binary.run(["eval", "fid", "--real", path("no-such-real-set"), "--fake", path("b"), "--inception", file],
                                   environment: noEnvironment)
            XCTAssertEqual(r.status, 1, r.description)
            XCTAssertFalse(r.stderr.contains("no-such-real-set"), "the weights are checked before the images: \(r.description)")
            for n in needed { XCTAssertTrue(r.stderr.contains(n), "lacks \(n): \(r.description)") }
        }
        // Flags out of range: 64, naming the flag.
        for (arguments, flag) in [("eval kid --subsets 0", "--subsets"), ("eval kid --subset-size 1", "--subset-size"),
                                  ("eval fid --count 1", "--count"), ("eval fid --batch-size 0", "--batch-size")] {
            let r = try binary.run(arguments.split(separator: " ").map(String.init) + ["--real", path("a"), "--fake", path("b"), "--inception", weights])
            XCTAssertEqual(r.status, 64, r.description)
            XCTAssertTrue(r.stderr.contains(flag), r.description)
        }
        // A set smaller than --splits (3 images, 10 splits): refused by name before any forward pass.
        let small = try binary.run(["eval", "is", "--images", path("a"), "--inception", weights])
        XCTAssertEqual(small.status, 1, small.description)
        XCTAssertTrue(small.stderr.contains("--splits 10") && small.stderr.contains("3 images"), small.description)
        for (arguments, flag) in [("--splits 0", "--splits"), ("--count 2 --splits 3", "--splits")] {
            let r = try binary.run(["eval", "is", "--images", path("a"), "--inception", weights] + arguments.split(separator: " ").map(String.init))
            XCTAssertEqual(r.status, 64, r.description)
            XCTAssertTrue(r.stderr.contains(flag), r.description)
        }
    }
}

/// A small safetensors file that is not Inception-v3 (a torchvision-like fc of 1000 classes and an aux head).
enum InceptionOtherFile {
    static func write(to url: URL) throws {
        var writer = SafeTensorsWriter()
        writer.add("fc.weight", shape: [1000, 4], floats: [Float](repeating: 0, count: 4000))
        writer.add("AuxLogits.conv0.conv.weight", shape: [1, 1, 1, 1], floats: [0])
        try writer.write(to: url)
    }
}
