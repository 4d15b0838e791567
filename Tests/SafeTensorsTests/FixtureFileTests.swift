// The reference model files (Tests/Fixtures/models, written by Python's safetensors) read with the
// names and shapes that ../shared/fixtures/README.md gives for them.

import FixtureSupport
import SafeTensors
import XCTest

final class FixtureFileTests: XCTestCase {
    private func open(_ name: String) throws -> SafeTensorsFile {
        try SafeTensorsFile(contentsOf: Fixtures.folder("models").appendingPathComponent(name))
    }

    /// Every tensor reads, as many finite floats as its shape says.
    private func assertAllRead(_ file: SafeTensorsFile) throws {
        for name in file.names {
            let info = try XCTUnwrap(file.info(name))
            XCTAssertEqual(info.dtype, .F32, name)
            let values = try file.floats(name)
            XCTAssertEqual(values.count, info.shape.reduce(1, *), name)
            XCTAssertTrue(values.allSatisfy(\.isFinite), name)
        }
    }

    func testEveryModelFixtureOpens() throws {
        let files = Fixtures.files(in: "models")
        XCTAssertEqual(files.map(\.lastPathComponent), [
            "srresnet_b2_io.safetensors", "srresnet_b2_weights.safetensors",
            "vgg19_upto_relu2_2_io.safetensors", "vgg19_upto_relu2_2_weights.safetensors",
        ])
        for url in files { try assertAllRead(SafeTensorsFile(contentsOf: url)) }
    }

    func testSRResNetWeightsHaveTheSRGANPyTorchKeys() throws {
        let f = try open("srresnet_b2_weights.safetensors")
        // README: conv1.0 conv 9x9 3→64 + bias, conv1.1 PReLU (one weight); trunk.N.rcb.{0,3} conv 3x3
        // no bias, rcb.{1,4} BatchNorm, rcb.2 PReLU; conv2.0 conv 3x3 no bias, conv2.1 BatchNorm;
        // upsampling.{0,1}.upsample_block.0 conv 3x3 64→256 + bias, .2 PReLU; conv3 conv 9x9 64→3 + bias.
        var expected: [String: [Int]] = [
            "conv1.0.weight": [64, 3, 9, 9], "conv1.0.bias": [64], "conv1.1.weight": [1],
            "conv2.0.weight": [64, 64, 3, 3],
            "conv3.weight": [3, 64, 9, 9], "conv3.bias": [3],
        ]
        func batchNorm(_ prefix: String) {
            for p in ["weight", "bias", "running_mean", "running_var"] { expected["\(prefix).\(p)"] = [64] }
        }
        batchNorm("conv2.1")
        for n in 0..<2 {
            expected["trunk.\(n).rcb.0.weight"] = [64, 64, 3, 3]
            batchNorm("trunk.\(n).rcb.1")
            expected["trunk.\(n).rcb.2.weight"] = [1]
            expected["trunk.\(n).rcb.3.weight"] = [64, 64, 3, 3]
            batchNorm("trunk.\(n).rcb.4")
            expected["upsampling.\(n).upsample_block.0.weight"] = [256, 64, 3, 3]
            expected["upsampling.\(n).upsample_block.0.bias"] = [256]
            expected["upsampling.\(n).upsample_block.2.weight"] = [1]
        }
        XCTAssertEqual(f.names, expected.keys.sorted())
        for (name, shape) in expected { XCTAssertEqual(try f.shape(name), shape, name) }
        XCTAssertEqual(f.metadata["blocks"], "2")
        XCTAssertEqual(f.metadata["upscale"], "4")
    }

    func testSRResNetInputOutputPairIsFourTimesLarger() throws {
        let f = try open("srresnet_b2_io.safetensors")
        XCTAssertEqual(f.names, ["x", "y"])
        let x = try f.shape("x"), y = try f.shape("y")
        XCTAssertEqual(x.count, 4)
        XCTAssertEqual(x[1], 3)
        XCTAssertEqual(y, [x[0], 3, 4 * x[2], 4 * x[3]])
        // x in [0, 1]; y clamped to [0, 1].
        for name in ["x", "y"] { XCTAssertTrue(try f.floats(name).allSatisfy { $0 >= 0 && $0 <= 1 }, name) }
    }

    func testVGG19PrefixHasTorchvisionKeys() throws {
        let f = try open("vgg19_upto_relu2_2_weights.safetensors")
        let expected: [String: [Int]] = [
            "features.0.weight": [64, 3, 3, 3], "features.0.bias": [64],
            "features.2.weight": [64, 64, 3, 3], "features.2.bias": [64],
            "features.5.weight": [128, 64, 3, 3], "features.5.bias": [128],
            "features.7.weight": [128, 128, 3, 3], "features.7.bias": [128],
        ]
        XCTAssertEqual(f.names, expected.keys.sorted())
        for (name, shape) in expected { XCTAssertEqual(try f.shape(name), shape, name) }

        let io = try open("vgg19_upto_relu2_2_io.safetensors")
        XCTAssertEqual(io.names, ["relu1_2", "relu2_2", "x"])
        let x = try io.shape("x")
        XCTAssertEqual(x[1], 3)
        XCTAssertEqual(try io.shape("relu1_2"), [x[0], 64, x[2], x[3]])
        XCTAssertEqual(try io.shape("relu2_2"), [x[0], 128, x[2] / 2, x[3] / 2])
        XCTAssertTrue(try io.floats("relu2_2").allSatisfy { $0 >= 0 }, "ReLU output")
    }

    func testAskingForAMissingTensorNamesItAndTheFile() throws {
        let f = try open("srresnet_b2_io.safetensors")
        XCTAssertThrowsError(try f.floats("z")) { error in
            XCTAssertEqual(error as? SafeTensorsError, .missingTensor(name: "z", path: f.url.path))
            XCTAssertTrue("\(error)".contains("srresnet_b2_io.safetensors"))
        }
        XCTAssertNil(f.info("z"))
        XCTAssertThrowsError(try f.uint8("x")) { error in
            XCTAssertEqual(error as? SafeTensorsError, .wrongDType(path: f.url.path, name: "x", dtype: .F32, expected: [.U8]))
        }
    }
}
