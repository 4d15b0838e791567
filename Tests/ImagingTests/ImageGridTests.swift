// Grids of images and labelled contact sheets (ImageGrid).

import Imaging
import XCTest

final class ImageGridTests: XCTestCase {
    func testGridAndContactSheet() throws {
        let tiles = (0..<5).map { Image(width: 10, height: 6, red: UInt8($0 * 40), green: 0, blue: 0) }
        let grid = ImageGrid.grid(tiles, columns: 3, padding: 2)
        XCTAssertEqual(grid.width, 3 * 10 + 4 * 2); XCTAssertEqual(grid.height, 2 * 6 + 3 * 2)
        XCTAssertEqual(grid.pixel(x: 2 + 12, y: 2).0, 40, "second tile")
        XCTAssertEqual(grid.pixel(x: 0, y: 0).0, 255, "padding")
        let sheet = try ImageGrid.contactSheet(tiles.enumerated().map { ("tile \($0.offset)", $0.element) }, columns: 5)
        XCTAssertGreaterThan(sheet.height, 6 + 8)
        // The labels put dark ink somewhere above the tiles.
        let inked = (0..<sheet.width).contains { x in (0..<10).contains { y in sheet.pixel(x: x, y: y).0 < 128 } }
        XCTAssertTrue(inked, "labels should be drawn")
    }
}
