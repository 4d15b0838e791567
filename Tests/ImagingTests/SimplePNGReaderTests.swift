// Small 8-bit RGB/RGBA PNGs are read by libpng alone (SimplePNGReader); every other file by libvips. Both paths
// must give the same pixels: Image(contentsOf:) (the fast path when it applies) against Image(encoded:) (always
// libvips), on every alpha value over both backgrounds and on the files the fast path hands on.

import XCTest
import Imaging

final class SimplePNGReaderTests: XCTestCase {
    /// Both paths on `data`: equal pixels; returns whether the fast path took the file.
    @discardableResult
    func assertPathsAgree(_ data: Data, _ name: String, background: AlphaBackground = .white,
                          file: StaticString = #filePath, line: UInt = #line) throws -> Bool {
        let folder = TempFolder("simple-png")
        let path = folder.write(name, data)
        let fromFile = try Image(contentsOf: path, background: background)
        let viaVips = try Image(encoded: data, name: name, background: background)
        XCTAssertEqual([fromFile.width, fromFile.height], [viaVips.width, viaVips.height], name, file: file, line: line)
        XCTAssertEqual(fromFile.pixels, viaVips.pixels, name, file: file, line: line)
        return try Image.readSimplePNG(path, background: background, maximumPixels: 1 << 30) != nil
    }

    func testEveryAlphaOverBothBackgroundsAsLibvips() throws {
        // 256 alphas × 16 colour levels (one row per alpha), RGBA.
        let levels: [UInt8] = [0, 1, 2, 17, 63, 64, 100, 127, 128, 129, 170, 200, 250, 253, 254, 255]
        let rows = (0..<256).map { a in levels.flatMap { [$0, 255 - $0, $0 / 2 + 64, UInt8(a)] } }
        let data = PNGBytes.make(width: levels.count, height: 256, colorType: 6, rows: rows)
        for background in AlphaBackground.allCases {
            XCTAssertTrue(try assertPathsAgree(data, "rgba.png", background: background), "the fast path reads 8-bit RGBA")
        }
    }

    func testRGBAndOddSizesAsLibvips() throws {
        var state: UInt32 = 12345
        func next() -> UInt8 { state = state &* 1_103_515_245 &+ 12345; return UInt8(state >> 24) }
        for (w, h) in [(1, 1), (3, 5), (64, 64), (37, 53)] {
            let rows = (0..<h).map { _ in (0..<(w * 3)).map { _ in next() } }
            XCTAssertTrue(try assertPathsAgree(PNGBytes.make(width: w, height: h, colorType: 2, rows: rows), "rgb-\(w)x\(h).png"))
        }
    }

    func testOtherPNGsGoToLibvipsWithTheSamePixels() throws {
        let grey = PNGBytes.make(width: 2, height: 1, colorType: 0, rows: [[10, 200]])
        XCTAssertFalse(try assertPathsAgree(grey, "grey.png"))
        let palette = PNGBytes.make(width: 2, height: 1, colorType: 3, rows: [[0, 1]], palette: [255, 0, 0, 0, 0, 255], transparency: [128, 255])
        XCTAssertFalse(try assertPathsAgree(palette, "palette.png"))
        let rgbKey = PNGBytes.make(width: 2, height: 1, colorType: 2, rows: [[1, 2, 3, 9, 9, 9]], transparency: [0, 1, 0, 2, 0, 3])
        XCTAssertFalse(try assertPathsAgree(rgbKey, "rgb-trns.png"), "a transparency key needs libvips")
        let sixteen = PNGBytes.make(width: 1, height: 1, colorType: 2, bitDepth: 16, rows: [[1, 2, 3, 4, 5, 6]])
        XCTAssertFalse(try assertPathsAgree(sixteen, "sixteen.png"))
    }

    func testATruncatedPNGIsLibvipsErrorNamingTheFile() throws {
        let folder = TempFolder("simple-png")
        let rows = (0..<32).map { _ in [UInt8](repeating: 77, count: 32 * 3) }
        let whole = PNGBytes.make(width: 32, height: 32, colorType: 2, rows: rows)
        let path = folder.write("cut.png", whole.prefix(whole.count / 2))
        XCTAssertNil(try Image.readSimplePNG(path, background: .white, maximumPixels: 1 << 30))
        XCTAssertThrowsError(try Image(contentsOf: path)) { XCTAssertTrue("\($0)".contains("cut.png"), "\($0)") }
    }

    func testTheFastPathKeepsThePixelLimit() throws {
        let folder = TempFolder("simple-png")
        let path = folder.write("big.png", PNGBytes.make(width: 40, height: 30, colorType: 2,
                                                         rows: (0..<30).map { _ in [UInt8](repeating: 5, count: 120) }))
        XCTAssertThrowsError(try Image(contentsOf: path, maximumPixels: 1_000)) { XCTAssertTrue("\($0)".contains("big.png"), "\($0)") }
        XCTAssertNoThrow(try Image(contentsOf: path, maximumPixels: 1_200))
    }
}
