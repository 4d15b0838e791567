// ImageSource: folders (flat or with subfolders) and prepared data sets read with one policy — a seeded random
// subset, parallel decoding, a bad file named (the first by position) or passed over, one size checked.

import Foundation
import Imaging
import XCTest

final class ImageSourceTests: XCTestCase {
    func flat(_ w: Int, _ h: Int, _ v: UInt8) -> Image { Image(width: w, height: h, red: v, green: v &+ 1, blue: v &+ 2) }

    /// 6 images a…f of 8x8 (values 10, 20, …), one nested/g.png, a text file and a truncated PNG "c2.png".
    func makeFolder(_ dir: TempFolder) throws -> URL {
        let src = dir.url.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: src.appendingPathComponent("nested"), withIntermediateDirectories: true)
        for (k, name) in ["a", "b", "c", "d", "e", "f"].enumerated() {
            try flat(8, 8, UInt8(10 * (k + 1))).save(to: src.appendingPathComponent("\(name).png").path)
        }
        try flat(8, 8, 200).save(to: src.appendingPathComponent("nested/g.png").path)
        try Data("not an image".utf8).write(to: src.appendingPathComponent("notes.txt"))
        let good = try Data(contentsOf: src.appendingPathComponent("a.png"))
        try good.prefix(good.count / 2).write(to: src.appendingPathComponent("c2.png"))
        return src
    }

    func testFolderListsImageFilesByNameAndSubfoldersOnlyWhenAsked() throws {
        let dir = TempFolder("source-list")
        let src = try makeFolder(dir)
        let top = try ImageSource(src)
        XCTAssertFalse(top.isDataset)
        XCTAssertEqual((0..<top.count).map(top.name), ["a.png", "b.png", "c.png", "c2.png", "d.png", "e.png", "f.png"])
        let all = try ImageSource(src, recursive: true)
        XCTAssertEqual(all.count, 8)
        XCTAssertEqual(all.name(all.count - 1), "nested/g.png")
    }

    func testUnreadableFileIsNamedOrPassedOver() throws {
        let dir = TempFolder("source-bad")
        let src = try makeFolder(dir)
        let source = try ImageSource(src)
        XCTAssertThrowsError(try source.images(Array(0..<source.count))) { error in
            XCTAssertTrue("\(error)".contains("c2.png"), "\(error)")
            XCTAssertTrue(error is ImageSourceError, "\(error)")
        }
        let kept = try source.images(Array(0..<source.count), unreadable: .skip)
        XCTAssertEqual(kept.map(\.index), [0, 1, 2, 4, 5, 6])
        XCTAssertEqual(kept.map { $0.image.pixels[0] }, [10, 20, 30, 40, 50, 60])
        // A transform runs on each decoded image, in parallel, and its result is kept in order.
        let halved = try source.images([0, 6], transform: { try $0.resized(width: 4, height: 4, kernel: .box) })
        XCTAssertEqual(halved.map { [$0.image.width, $0.image.height] }, [[4, 4], [4, 4]])
        XCTAssertEqual(halved.map { $0.image.pixels[0] }, [10, 60])
    }

    func testRandomSubsetIsSeededDistinctAndSorted() throws {
        let dir = TempFolder("source-subset")
        let source = try ImageSource(try makeFolder(dir), recursive: true)
        let a = source.randomSubset(4, seed: 3), b = source.randomSubset(4, seed: 3)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a, a.sorted())
        XCTAssertEqual(Set(a).count, 4)
        XCTAssertTrue(a.allSatisfy { (0..<source.count).contains($0) })
        XCTAssertNotEqual((1...6).map { source.randomSubset(4, seed: UInt64($0)) }.count { $0 == a }, 6)
        XCTAssertEqual(source.randomSubset(50, seed: 1), Array(0..<source.count))
    }

    func testSizeMismatchNamesTheFile() throws {
        let dir = TempFolder("source-size")
        let src = dir.url.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: src, withIntermediateDirectories: true)
        try flat(8, 8, 1).save(to: src.appendingPathComponent("a.png").path)
        try flat(9, 8, 1).save(to: src.appendingPathComponent("b.png").path)
        let source = try ImageSource(src)
        let read = try source.images([0, 1])
        XCTAssertThrowsError(try ImageSource.checkOneSize(read, of: source)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("b.png is 9x8") && text.contains("a.png is 8x8"), text)
        }
    }

    func testDataSetLevelsAndErrorsNamingThePath() throws {
        let dir = TempFolder("source-data")
        let src = dir.url.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: src, withIntermediateDirectories: true)
        for k in 0..<3 { try flat(16, 16, UInt8(40 * (k + 1))).save(to: src.appendingPathComponent("i\(k).png").path) }
        let out = dir.url.appendingPathComponent("data")
        var options = DatasetOptions()
        options.resolution = 16
        try DatasetBuilder.prepare(source: src, output: out, options: options)
        let data = try ImageSource(out)
        XCTAssertTrue(data.isDataset)
        XCTAssertEqual(data.count, 3)
        XCTAssertEqual(try data.images([1]).first?.image.width, 16)
        XCTAssertEqual(try data.images([1], resolution: 8).first?.image.width, 8)
        XCTAssertEqual(try data.images([1], resolution: 5).first?.image.width, 16, "a level it lacks: its largest")
        // The same folder read as files, not as a data set, holds no images at its top.
        XCTAssertThrowsError(try ImageSource(out, readingDataSets: false)) { XCTAssertTrue("\($0)".contains("has no .png/.jpg/.jpeg files"), "\($0)") }
        let missing = dir.url.appendingPathComponent("nowhere")
        XCTAssertThrowsError(try ImageSource(missing)) { XCTAssertTrue("\($0)".contains("nowhere does not exist"), "\($0)") }
        XCTAssertThrowsError(try ImageSource(src.appendingPathComponent("i0.png"))) { XCTAssertTrue("\($0)".contains("i0.png is not a folder"), "\($0)") }
    }
}
