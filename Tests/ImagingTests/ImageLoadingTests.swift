// Loading odd images: every PNG colour type, 16-bit, palette with transparency, alpha on black and
// white, EXIF orientation, CMYK JPEG; and the failures: 0 bytes, not an image, truncated, missing.

import Foundation
import Imaging
import FixtureSupport
import XCTest

final class ImageLoadingTests: XCTestCase {
    func testGreyscalePNGBecomesRGB() throws {
        let dir = TempFolder()
        let path = dir.write("grey.png", PNGBytes.make(width: 3, height: 1, colorType: 0, rows: [[0, 128, 255]]))
        let image = try Image(contentsOf: path)
        XCTAssertEqual(image.width, 3); XCTAssertEqual(image.height, 1)
        XCTAssertEqual(image.pixels, [0, 0, 0, 128, 128, 128, 255, 255, 255])
    }

    func testAlphaIsFlattenedOnTheChosenBackground() throws {
        let dir = TempFolder()
        // RGBA: opaque red, fully transparent green, half-transparent blue (alpha 128).
        let rows: [[UInt8]] = [[255, 0, 0, 255, 0, 255, 0, 0, 0, 0, 255, 128]]
        let path = dir.write("rgba.png", PNGBytes.make(width: 3, height: 1, colorType: 6, rows: rows))
        let onBlack = try Image(contentsOf: path, background: .black)
        let onWhite = try Image(contentsOf: path, background: .white)
        XCTAssertEqual(onBlack.pixels[0..<6], [255, 0, 0, 0, 0, 0])
        XCTAssertEqual(onWhite.pixels[0..<6], [255, 0, 0, 255, 255, 255])
        // blue · 128/255 over the background: 128 on black; 255·(127/255) + 255·(128/255) on white.
        XCTAssertEqual(Array(onBlack.pixels[6..<9]).map(Int.init), [0, 0, 128], accuracy: 1)
        XCTAssertEqual(Array(onWhite.pixels[6..<9]).map(Int.init), [127, 127, 255], accuracy: 1)
    }

    func testGreyWithAlpha() throws {
        let dir = TempFolder()
        let path = dir.write("ga.png", PNGBytes.make(width: 2, height: 1, colorType: 4, rows: [[200, 255, 200, 0]]))
        let image = try Image(contentsOf: path, background: .black)
        XCTAssertEqual(image.pixels, [200, 200, 200, 0, 0, 0])
    }

    func testSixteenBitPNGIsScaledToEightBits() throws {
        let dir = TempFolder()
        // 16-bit RGB: (65535, 32896, 0) → (255, 128, 0); 32896 = 128 · 257.
        let path = dir.write("rgb16.png", PNGBytes.make(width: 1, height: 1, colorType: 2, bitDepth: 16,
                                                        rows: [[255, 255, 128, 128, 0, 0]]))
        let image = try Image(contentsOf: path)
        XCTAssertEqual(image.pixels.map(Int.init), [255, 128, 0], accuracy: 1)
        let grey = dir.write("grey16.png", PNGBytes.make(width: 1, height: 1, colorType: 0, bitDepth: 16, rows: [[64, 64]]))
        XCTAssertEqual(try Image(contentsOf: grey).pixels.map(Int.init), [64, 64, 64], accuracy: 1)
    }

    func testPaletteWithTransparency() throws {
        let dir = TempFolder()
        // Palette: 0 = green, 1 = magenta (fully transparent via tRNS).
        let path = dir.write("palette.png", PNGBytes.make(width: 2, height: 1, colorType: 3, rows: [[0, 1]],
                                                          palette: [0, 255, 0, 255, 0, 255], transparency: [255, 0]))
        XCTAssertEqual(try Image(contentsOf: path, background: .white).pixels, [0, 255, 0, 255, 255, 255])
        XCTAssertEqual(try Image(contentsOf: path, background: .black).pixels, [0, 255, 0, 0, 0, 0])
    }

    func testOnePixelImageLoads() throws {
        let dir = TempFolder()
        let path = dir.write("one.png", PNGBytes.make(width: 1, height: 1, colorType: 2, rows: [[1, 2, 3]]))
        XCTAssertEqual(try Image(contentsOf: path).pixels, [1, 2, 3])
    }

    func testExifOrientationIsApplied() throws {
        let image = try Image(contentsOf: Fixtures.folder("imaging").appendingPathComponent("exif_rotate6.jpg").path)
        XCTAssertEqual(image.width, 8); XCTAssertEqual(image.height, 16)
        let top = image.pixel(x: 4, y: 3), bottom = image.pixel(x: 4, y: 12)
        XCTAssertTrue(top.0 > 200 && top.2 < 60, "top should be red, got \(top)")
        XCTAssertTrue(bottom.2 > 200 && bottom.0 < 60, "bottom should be blue, got \(bottom)")
    }

    func testCMYKJPEGBecomesSRGB() throws {
        let image = try Image(contentsOf: Fixtures.folder("imaging").appendingPathComponent("cmyk_red.jpg").path)
        XCTAssertEqual(image.width, 8)
        let p = image.pixel(x: 4, y: 4)
        // CMYK (0, 100%, 100%, 0) is a print red: sRGB ≈ (236, 33, 40) through libvips' CMYK profile.
        XCTAssertTrue(p.0 > 200 && p.1 < 80 && p.2 < 80, "expected a red, got \(p)")
    }

    func testBadFilesGiveErrorsNamingTheFile() throws {
        let dir = TempFolder()
        let empty = dir.write("empty.png", Data())
        let text = dir.write("notes.png", Data("just some text, not an image\n".utf8))
        let good = PNGBytes.make(width: 16, height: 16, colorType: 2, rows: Array(repeating: [UInt8](repeating: 90, count: 48), count: 16))
        let truncated = dir.write("cut.png", good.prefix(good.count / 2))
        let missing = dir.path("nowhere.png")

        XCTAssertThrowsError(try Image(contentsOf: empty)) { XCTAssertEqual($0 as? ImagingError, .emptyFile(path: empty)) }
        for path in [text, truncated] {
            XCTAssertThrowsError(try Image(contentsOf: path), path) { error in
                guard case .undecodable(let p, let reason)? = error as? ImagingError else { return XCTFail("\(error)") }
                XCTAssertEqual(p, path)
                XCTAssertFalse(reason.isEmpty)
                XCTAssertTrue("\(error)".contains(path))
            }
        }
        XCTAssertThrowsError(try Image(contentsOf: missing)) { XCTAssertEqual($0 as? ImagingError, .fileNotFound(path: missing)) }
    }

    func testTruncatedJPEGIsAnError() throws {
        let dir = TempFolder()
        var pixels = [UInt8](repeating: 0, count: 64 * 64 * 3)
        for i in pixels.indices { pixels[i] = UInt8((i * 7) % 251) }
        let full = dir.path("full.jpg")
        try Image(width: 64, height: 64, pixels: pixels).save(to: full)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
        let cut = dir.write("cut.jpg", bytes.prefix(bytes.count * 2 / 3))
        XCTAssertNoThrow(try Image(contentsOf: full))
        XCTAssertThrowsError(try Image(contentsOf: cut))
    }

    func testPNGRoundTripIsExactAndJPEGIsClose() throws {
        let dir = TempFolder()
        var pixels = [UInt8](repeating: 0, count: 20 * 10 * 3)
        for y in 0..<10 { for x in 0..<20 { pixels[(y * 20 + x) * 3] = UInt8(x * 12); pixels[(y * 20 + x) * 3 + 1] = UInt8(y * 25); pixels[(y * 20 + x) * 3 + 2] = 77 } }
        let image = Image(width: 20, height: 10, pixels: pixels)
        try image.save(to: dir.path("a.png"))
        XCTAssertEqual(try Image(contentsOf: dir.path("a.png")), image)
        try image.save(to: dir.path("a.jpg"), jpegQuality: 100)
        let back = try Image(contentsOf: dir.path("a.jpg"))
        let maxDiff = zip(back.pixels, image.pixels).map { abs(Int($0) - Int($1)) }.max()!
        XCTAssertLessThanOrEqual(maxDiff, 12, "JPEG q100 of a smooth ramp")
        XCTAssertThrowsError(try image.save(to: dir.path("a.bmpx")))
        XCTAssertThrowsError(try image.save(to: dir.path("no/such/folder/a.png")))
    }

    func testLoadsFromMemory() throws {
        let data = PNGBytes.make(width: 2, height: 1, colorType: 2, rows: [[9, 8, 7, 6, 5, 4]])
        XCTAssertEqual(try Image(encoded: data).pixels, [9, 8, 7, 6, 5, 4])
        XCTAssertThrowsError(try Image(encoded: Data([1, 2, 3]), name: "blob"))
    }
}

func XCTAssertEqual(_ a: [Int], _ b: [Int], accuracy: Int, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) where abs(x - y) > accuracy {
        XCTFail("\(a) differs from \(b) by more than \(accuracy)", file: file, line: line)
        return
    }
}
