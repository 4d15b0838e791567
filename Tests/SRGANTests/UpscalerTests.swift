// The tiled upscaler: tiles cover the image with the asked overlap, and tiled output equals whole-image
// output (up to float rounding, away from the clamp) when the overlap's trusted part covers the network's
// receptive field — by default, for any model size.

import XCTest
import Imaging
import NN
import SRGAN
import SRTestSupport
import Tensors

final class UpscalerTests: XCTestCase {
    func testTilesCoverTheAxisWithTheOverlap() throws {
        let up = try Upscaler(model: SRResNet(blocks: 1, channels: 4, seed: 1), tile: 64, overlap: 16)
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

    func testTiledEqualsWholeImage() throws {
        // 1 block: receptive radius 4 (conv1) + 2 (block) + 1 (conv2) + 1 + ½ (upsampling) + 1 (conv3 at 4x)
        // = 9.5 LR pixels, within overlap / 4 = 12.
        let model = SRResNet(blocks: 1, channels: 8, seed: 8).eval()
        var rng = RNG(seed: 9)
        let x = Tensor.randomUniform([2, 3, 101, 150], rng: &rng)
        let whole = withoutGrad { model(x) }.toArray()
        let tiled = try Upscaler(model: model, tile: 64, overlap: 48, batch: 5).upscale(x)
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
        let up = try Upscaler(model: model, tile: 128, overlap: 16)
        let out = up.upscale(image)
        XCTAssertEqual([out.width, out.height], [80, 48])
        XCTAssertTrue(Image(tensor: withoutGrad { model(image.tensor(range: .zeroToOne)) }, range: .zeroToOne) == out,
                      "one tile must be the whole-image output")
        let bicubic = try Upscaler.bicubic(image, scale: 4)
        XCTAssertEqual([bicubic.width, bicubic.height], [80, 48])
        XCTAssertEqual(bicubic.pixel(x: 40, y: 20).0, 200)
    }

    func testReceptiveRadiusIsReadFromTheLayers() throws {
        // 4 (conv1 9x9) + 2 per block + 1 (conv2) + 1 + ½ (upsampling at 1x and 2x) + 1 (conv3 9x9 at 4x).
        for (blocks, channels) in [(1, 4), (4, 32), (16, 8)] {
            let model = SRResNet(blocks: blocks, channels: channels, seed: 1)
            XCTAssertEqual(model.receptiveRadius, 7.5 + 2 * Double(blocks), "\(blocks) blocks")
            XCTAssertEqual(model.receptivePixels, 8 + 2 * blocks)
            let up = try Upscaler(model: model)
            XCTAssertEqual(up.overlap, 2 * model.receptivePixels + Upscaler.defaultFade)
            XCTAssertLessThan(up.overlap, up.tile, "the tile grows past the overlap")
            XCTAssertTrue(up.isExact)
        }
        // ×2 has one upsampling stage: conv3 at 2x adds 2.
        XCTAssertEqual(SRResNet(blocks: 2, channels: 4, upscale: 2, seed: 1).receptiveRadius, 4 + 4 + 1 + 1 + 2)
        // 16 blocks: overlap 2·40 + 8 = 88, and the 128 px tile grows to 176.
        let big = try Upscaler(model: SRResNet(blocks: 16, channels: 4, seed: 1))
        XCTAssertEqual([big.overlap, big.tile], [88, 176])
        // A given overlap is kept, and one below twice the radius is faded as before, not exact.
        let given = try Upscaler(model: SRResNet(blocks: 16, channels: 4, seed: 1), tile: 128, overlap: 16)
        XCTAssertEqual([given.overlap, given.tile], [16, 128])
        XCTAssertFalse(given.isExact)
        XCTAssertThrowsError(try Upscaler(model: SRResNet(blocks: 1, channels: 4, seed: 1), tile: 64, overlap: 64))
    }

    func testDefaultTilesOfThePublishedModelSizeEqualTheWholeImage() throws {
        // SRGAN-PyTorch's size, 16 blocks x 64 channels (seeded weights that reach far), on an image larger than one
        // tile (200 > 176): the default tiling is within 1 grey level at p99.9 of the whole image; the old default
        // (tile 128, overlap 16) is not, which shows the comparison can see seams.
        let model = LongRangeModel.make(blocks: 16, channels: 64, seed: 16)
        let image = PhotoLike.image(width: 200, height: 64, seed: 3)
        let whole = Image(tensor: withoutGrad { model(image.tensor(range: .zeroToOne)) }, range: .zeroToOne)
        let up = try Upscaler(model: model)
        XCTAssertGreaterThan(up.tileStarts(length: 200).starts.count, 1, "the image must span several tiles")
        let d = PhotoLike.differences(whole, up.upscale(image))
        let old = PhotoLike.differences(whole, try Upscaler(model: model, tile: 128, overlap: 16).upscale(image))
        print("16x64 |tiled − whole| in grey levels: default tiles \(up.tile), overlap \(up.overlap): p99.9 \(d.p999), max \(d.max); "
              + "tile 128, overlap 16: p99.9 \(old.p999), max \(old.max); \(d.distinct) distinct output levels")
        XCTAssertGreaterThan(d.distinct, 128, "the output must not be flat (or clamped) for the comparison to mean anything")
        XCTAssertLessThanOrEqual(d.p999, 1)
        XCTAssertGreaterThan(old.p999, 1, "a too-small overlap must show as seams")
    }
}
