// Image ↔ tensor: layout (NCHW), both ranges, and the round trip.

import Imaging
import Tensors
import XCTest

final class ImageTensorTests: XCTestCase {
    func testLayoutAndRanges() {
        // 2x1 image: (0, 127, 255), (10, 20, 30)
        let image = Image(width: 2, height: 1, pixels: [0, 127, 255, 10, 20, 30])
        let t = image.tensor(range: .zeroToOne)
        XCTAssertEqual(t.shape, [1, 3, 1, 2])
        let a = t.toArray()
        let expected: [Float] = [0, 10, 127, 20, 255, 30].map { Float($0) / 255 }
        for (x, y) in zip(a, expected) { XCTAssertEqual(x, y, accuracy: 1e-6, "R plane, G plane, B plane") }
        let s = image.tensor(range: .minusOneToOne).toArray()
        XCTAssertEqual(s[0], -1); XCTAssertEqual(s[4], 1)
        XCTAssertEqual(s[2], 127 / 127.5 - 1, accuracy: 1e-6)
    }

    func testRoundTripAndClipping() {
        var pixels = [UInt8](repeating: 0, count: 5 * 4 * 3)
        for i in pixels.indices { pixels[i] = UInt8((i * 37) % 256) }
        let image = Image(width: 5, height: 4, pixels: pixels)
        for range in [PixelRange.zeroToOne, .minusOneToOne] {
            XCTAssertEqual(Image(tensor: image.tensor(range: range), range: range), image)
        }
        let wild = Tensor(shape: [1, 3, 1, 2], data: [-3, 0.5, 2, 0, 0.999, Float.nan])
        XCTAssertEqual(Image(tensor: wild, range: .zeroToOne).pixels, [0, 255, 255, 128, 0, 0])
        let batch = Image.tensor([image, image.mirrored()], range: .minusOneToOne)
        XCTAssertEqual(batch.shape, [2, 3, 4, 5])
        XCTAssertEqual(Image.images(from: batch, range: .minusOneToOne)[1], image.mirrored())
    }

    /// The one float → byte rule (PixelRange.byte), shared by Image(tensor:) and the sampler's ImageBatch.
    func testFloatToByteRule() {
        let r = PixelRange.minusOneToOne
        XCTAssertEqual([-1, 1, 0, -2, 3, .nan, .infinity, -.infinity].map(r.byte), [0, 255, 128, 0, 255, 0, 255, 0])
        XCTAssertEqual(r.byte(Float(100) / 127.5 - 1), 100)
        XCTAssertEqual(PixelRange.zeroToOne.byte(0.5), 128, "127.5 rounds up")
        XCTAssertEqual(PixelRange.zeroToOne.byte(Float(37) / 255), 37)
        let t = Tensor(shape: [1, 3, 1, 2], data: [-1, .nan, 0.2, 1, 5, -5])
        XCTAssertEqual(Image(tensor: t, range: r).pixels, [0, 153, 255, 0, 255, 0])
    }
}
