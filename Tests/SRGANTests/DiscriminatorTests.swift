// The SRGAN discriminator: SRGAN-PyTorch's key names and shapes, and its dense layer sized from the crop.

import XCTest
import NN
import SRGAN
import Tensors

final class DiscriminatorTests: XCTestCase {
    func testKeysAndShapesAreSRGANPyTorchs() {
        let d = Discriminator(cropSize: 96, seed: 1)
        var expected: [String: [Int]] = ["features.0.weight": [64, 3, 3, 3], "features.0.bias": [64]]
        let convs = [(2, 64, 64), (5, 128, 64), (8, 128, 128), (11, 256, 128), (14, 256, 256), (17, 512, 256), (20, 512, 512)]
        for (i, out, inp) in convs {
            expected["features.\(i).weight"] = [out, inp, 3, 3]
            for key in ["weight", "bias", "running_mean", "running_var"] { expected["features.\(i + 1).\(key)"] = [out] }
        }
        expected["classifier.0.weight"] = [1024, 512 * 6 * 6]
        expected["classifier.0.bias"] = [1024]
        expected["classifier.2.weight"] = [1, 1024]
        expected["classifier.2.bias"] = [1]
        let state = d.stateDict()
        XCTAssertEqual(Set(state.keys), Set(expected.keys))
        for (key, shape) in expected { XCTAssertEqual(state[key]?.shape, shape, key) }
    }

    func testDenseLayerFollowsTheCropAndFeaturesAreTapped() {
        let d = Discriminator(cropSize: 32, channels: 4, dense: 8, seed: 2)
        XCTAssertEqual(d.stateDict()["classifier.0.weight"]?.shape, [8, 32 * 2 * 2])
        var rng = RNG(seed: 3)
        let (logits, features) = withoutGrad { d.logitsAndFeatures(Tensor.randomUniform([2, 3, 32, 32], rng: &rng)) }
        XCTAssertEqual(logits.shape, [2, 1])
        XCTAssertEqual(features.map(\.shape), [[2, 4, 32, 32], [2, 4, 16, 16], [2, 8, 16, 16], [2, 8, 8, 8],
                                               [2, 16, 8, 8], [2, 16, 4, 4], [2, 32, 4, 4], [2, 32, 2, 2]])
    }
}
