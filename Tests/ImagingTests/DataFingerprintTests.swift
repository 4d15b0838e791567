// DataFingerprint: the same data gives the same fingerprint wherever it lies; any change to an image, a file
// name or a data set's level gives another.

import Foundation
import Imaging
import XCTest

final class DataFingerprintTests: XCTestCase {
    func image(_ seed: Int) -> Image {
        Image(width: 12, height: 9, pixels: (0..<(12 * 9 * 3)).map { UInt8(($0 * 31 + seed * 17) % 256) })
    }

    func testImageFolderFingerprintFollowsContentNotLocation() throws {
        let dir = TempFolder("fingerprint")
        let a = dir.url.appendingPathComponent("a")
        try FileManager.default.createDirectory(at: a.appendingPathComponent("nested"), withIntermediateDirectories: true)
        for i in 0..<3 { try image(i).save(to: a.appendingPathComponent(i == 2 ? "nested/2.png" : "\(i).png").path) }
        let original = try DataFingerprint.of(a)
        XCTAssertTrue(original.hasPrefix("v1:"))

        let copy = dir.url.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: a, to: copy)
        XCTAssertEqual(try DataFingerprint.of(copy), original, "a moved copy is the same data")

        try image(9).save(to: copy.appendingPathComponent("nested/2.png").path)
        XCTAssertNotEqual(try DataFingerprint.of(copy), original, "a changed image")
        try FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: a, to: copy)
        try FileManager.default.moveItem(at: copy.appendingPathComponent("1.png"), to: copy.appendingPathComponent("1b.png"))
        XCTAssertNotEqual(try DataFingerprint.of(copy), original, "a renamed image")
        XCTAssertThrowsError(try DataFingerprint.of(dir.url.appendingPathComponent("missing")))
    }

    func testPreparedDataSetFingerprintSeesAChangedImage() throws {
        let dir = TempFolder("fingerprint")
        let src = dir.url.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: src, withIntermediateDirectories: true)
        for i in 0..<4 { try image(i).save(to: src.appendingPathComponent("\(i).png").path) }
        var options = DatasetOptions()
        options.resolution = 8
        let first = dir.url.appendingPathComponent("d1"), second = dir.url.appendingPathComponent("d2")
        _ = try DatasetBuilder.prepare(source: src, output: first, options: options)
        _ = try DatasetBuilder.prepare(source: src, output: second, options: options)
        XCTAssertEqual(try DataFingerprint.of(first), try DataFingerprint.of(second), "the same images prepared twice")

        // One pixel of one image at the smallest level, as a changed image would change it.
        let level = second.appendingPathComponent("images-4x4.u8")
        var bytes = try Data(contentsOf: level)
        bytes[5] ^= 0xFF
        try bytes.write(to: level)
        XCTAssertNotEqual(try DataFingerprint.of(first), try DataFingerprint.of(second))
    }
}
