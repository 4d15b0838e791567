// The tiled upscaler: tiles cover the image with the asked overlap, and tiled output equals whole-image
// output (up to float rounding, away from the clamp) when the overlap's trusted part covers the network's
// receptive field.

import XCTest
import Imaging
import NN
import SRGAN
import Tensors

final class UpscalerTests: XCTestCase {
    func testTilesCoverTheAxisWithTheOverlap() {
        let up = Upscaler(model: SRResNet(blocks: 1, channels: 4, seed: 1), tile: 64, overlap: 16)
        for length in [1, 63, 64, 65, 100, 112, 150, 1000] {
            let (starts, size) = up.tileStarts(length: length)
            XCTAssertEqual(size, min(length, 64))
            XCTAssertEqual(starts.first, 0)
            XCTAssertEqual(starts.last! + size, length, "the last tile ends at the edge (\(length))")
            for (a, b) in zip(starts, starts.dropFirst()) {
                XCTAssertGreaterThanOrEqual(a + size - b, 16, "overlap at \(b) for length \(length)")
                XCTAssertLessThan(a, b)
            }
        }
    }

    func testTiledEqualsWholeImage() {
        // 1 block: receptive radius 4 (conv1) + 2 (block) + 1 (conv2) + 1 + ½ (upsampling) + 1 (conv3 at 4x)
        // = 9.5 LR pixels, within overlap / 4 = 12.
        let model = SRResNet(blocks: 1, channels: 8, seed: 8).eval()
        var rng = RNG(seed: 9)
        let x = Tensor.randomUniform([2, 3, 101, 150], rng: &rng)
        let whole = withoutGrad { model(x) }.toArray()
        let tiled = Upscaler(model: model, tile: 64, overlap: 48, batch: 5).upscale(x)
        XCTAssertEqual(tiled.shape, [2, 3, 404, 600])
        var compared = 0
        var worst: Float = 0
        for (a, b) in zip(whole, tiled.toArray()) where a > 1e-3 && a < 1 - 1e-3 {
            compared += 1
            worst = max(worst, abs(a - b))
        }
        print("tiled vs whole: max|diff| \(worst) over \(compared) of \(whole.count) values away from the clamp")
        XCTAssertGreaterThan(compared, whole.count / 10, "too few values away from the clamp to compare")
        XCTAssertLessThan(worst, 1e-4)
    }

    func testSmallImageIsOneTileAndBicubicBaselineScales() throws {
        let model = SRResNet(blocks: 1, channels: 4, seed: 2).eval()
        let image = Image(width: 20, height: 12, red: 200, green: 100, blue: 50)
        let up = Upscaler(model: model, tile: 128, overlap: 16)
        let out = up.upscale(image)
        XCTAssertEqual([out.width, out.height], [80, 48])
        XCTAssertTrue(Image(tensor: withoutGrad { model(image.tensor(range: .zeroToOne)) }, range: .zeroToOne) == out,
                      "one tile must be the whole-image output")
        let bicubic = try Upscaler.bicubic(image, scale: 4)
        XCTAssertEqual([bicubic.width, bicubic.height], [80, 48])
        XCTAssertEqual(bicubic.pixel(x: 40, y: 20).0, 200)
    }
}
