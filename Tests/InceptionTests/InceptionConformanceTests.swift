// Inception-v3 of the FID convention against pytorch-fid's own network (Tests/Fixtures/inception/
// make_inception_fixtures.py): random weights of the real architecture, made bit for bit in both languages,
// written to a safetensors file and loaded as a user's file is; pool3 features and logits of images of odd
// sizes (enlarged and shrunk to 299) equal PyTorch's within 1e-4 relative, measured as
// max |ours − PyTorch| / max |PyTorch| over each output tensor.

import Foundation
import XCTest
import FixtureSupport
import Inception
import InceptionTestSupport
import NN
import SafeTensors
import Tensors

final class InceptionConformanceTests: XCTestCase {
    static let folder = Fixtures.folder("inception")
    static let ioURL = folder.appendingPathComponent("network_io.safetensors")
    static let summaryURL = folder.appendingPathComponent("network_io.json")

    /// The random weights written to a temporary file once for the class (90 MB).
    nonisolated(unsafe) static var weightsURL: URL?

    static func randomWeightsFile() throws -> URL {
        if let weightsURL { return weightsURL }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("progansr-inception-\(getpid()).safetensors")
        try RandomInceptionWeights.write(to: url)
        weightsURL = url
        return url
    }

    override class func tearDown() {
        if let weightsURL { try? FileManager.default.removeItem(at: weightsURL) }
        super.tearDown()
    }

    /// max |a − b| / max |b|, and max |b|.
    static func relativeError(_ ours: [Float], _ reference: [Float]) -> (relative: Double, scale: Double) {
        precondition(ours.count == reference.count)
        var maxDiff = 0.0, maxRef = 0.0
        for i in 0..<ours.count {
            let d = abs(Double(ours[i]) - Double(reference[i]))
            maxDiff = d.isNaN ? .infinity : max(maxDiff, d)
            maxRef = max(maxRef, abs(Double(reference[i])))
        }
        return (maxDiff / maxRef, maxRef)
    }

    /// The generator gives pytorch-fid's exact key set, and per key the same weights (their sums agree).
    func testRandomWeightsAreTheFixturesForExactlyPytorchFIDsKeys() throws {
        let data = try Data(contentsOf: Self.summaryURL)
        let summary = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let sums = summary["weight_sums"] as! [String: Double]
        let state = RandomInceptionWeights.stateDict(for: InceptionV3())
        XCTAssertEqual(Set(state.keys), Set(sums.keys), "the network's keys are not fid_inception_v3()'s")
        XCTAssertEqual(state.count, 472, "94 BasicConv2d × (conv weight + 4 batch-norm tensors), fc weight and bias")
        var worst = 0.0
        for (key, tensor) in state {
            guard let reference = sums[key] else { continue }
            let ours = tensor.toArray().reduce(0.0) { $0 + Double($1) }
            let scale = max(1, tensor.toArray().reduce(0.0) { $0 + abs(Double($1)) })
            worst = max(worst, abs(ours - reference) / scale)
        }
        print(String(format: "random Inception weights: largest sum difference %.3g (relative to Σ|w|)", worst))
        XCTAssertLessThan(worst, 1e-12)
    }

    func testPool3AndLogitsMatchPytorchFID() throws {
        let model = try InceptionV3(contentsOf: try Self.randomWeightsFile())
        let io = try SafeTensorsFile(contentsOf: Self.ioURL)
        let cases = io.names.filter { $0.hasSuffix(".images") }.map { String($0.dropLast(".images".count)) }.sorted()
        XCTAssertGreaterThanOrEqual(cases.count, 3, "the fixture has too few cases: \(cases)")
        for name in cases {
            let images = try Tensor(io, name + ".images")
            let out = model(images)
            for (output, ours) in [("pool3", out.pool3), ("logits", out.logits), ("unbiased_logits", out.unbiasedLogits)] {
                let reference = try io.floats(name + "." + output)
                XCTAssertEqual(ours.shape, try io.shape(name + "." + output), "\(name) \(output)")
                let e = Self.relativeError(ours.toArray(), reference)
                print(String(format: "Inception %@ %@ %@: max|diff| / max|ref| = %.3g (max|ref| %.3g)",
                             name, images.shape.description, output, e.relative, e.scale))
                XCTAssertLessThanOrEqual(e.relative, 1e-4, "\(name) \(output) differs from pytorch-fid's")
            }
        }
    }

    func testAFileOfAnotherNetworkListsEveryMissingUnexpectedAndMisshapedKey() throws {
        var writer = SafeTensorsWriter()
        writer.add("Conv2d_1a_3x3.conv.weight", shape: [32, 3, 3, 3], floats: [Float](repeating: 0, count: 32 * 27))
        writer.add("fc.weight", shape: [1000, 2048], floats: [Float](repeating: 0, count: 1000 * 2048))   // torchvision's 1000 classes
        writer.add("AuxLogits.fc.weight", shape: [2, 2], floats: [0, 0, 0, 0])
        writer.add("Conv2d_1a_3x3.bn.num_batches_tracked", shape: [1], floats: [0])   // PyTorch's, accepted
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("progansr-not-inception-\(getpid()).safetensors")
        try writer.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertThrowsError(try InceptionV3(contentsOf: url)) { error in
            guard case let InceptionError.notInception(path, report) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, url.path)
            XCTAssertEqual(report.unexpected, ["AuxLogits.fc.weight"])
            XCTAssertEqual(report.shapeMismatches, [ShapeMismatch(key: "fc.weight", expected: [1008, 2048], found: [1000, 2048])])
            XCTAssertEqual(report.missing.count, 472 - 2)
            XCTAssertTrue(report.missing.contains("Mixed_7c.branch_pool.bn.running_var"))
            let text = String(describing: error)
            for needed in ["AuxLogits.fc.weight", "fc.weight", "[1000, 2048]", "Mixed_5b.branch1x1.conv.weight", "README.md"] {
                XCTAssertTrue(text.contains(needed), "the message lacks \(needed):\n\(text)")
            }
        }
    }

    func testNoFileSaysWhatToPassAndHowToMakeIt() {
        XCTAssertThrowsError(try InceptionV3.weightsURL(nil, environment: [:])) { error in
            let text = String(describing: error)
            for needed in ["--inception", "PROGANSR_INCEPTION", "pt_inception-2015-12-05", "README.md"] {
                XCTAssertTrue(text.contains(needed), "the message lacks \(needed):\n\(text)")
            }
        }
        XCTAssertEqual(try InceptionV3.weightsURL(nil, environment: ["PROGANSR_INCEPTION": "/x/w.safetensors"]).path, "/x/w.safetensors")
        XCTAssertEqual(try InceptionV3.weightsURL("/a.safetensors", environment: ["PROGANSR_INCEPTION": "/x"]).path, "/a.safetensors")
        XCTAssertThrowsError(try InceptionV3(contentsOf: URL(fileURLWithPath: "/nonexistent/inception.safetensors"))) { error in
            guard case InceptionError.fileNotFound = error else { return XCTFail("\(error)") }
        }
    }
}
