// prepare on good and bad folders the test makes, and the memory-mapped reader.

import Foundation
import Imaging
import Tensors
import XCTest

final class DatasetTests: XCTestCase {
    /// A w x h image whose pixels differ everywhere (so crops, mirrors and levels can be told apart).
    func pattern(_ w: Int, _ h: Int, seed: Int) -> Image {
        var p = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<h { for x in 0..<w {
            let i = (y * w + x) * 3
            p[i] = UInt8((x * 255) / max(w - 1, 1)); p[i + 1] = UInt8((y * 255) / max(h - 1, 1)); p[i + 2] = UInt8((x * 7 + y * 13 + seed * 50) % 256)
        } }
        return Image(width: w, height: h, pixels: p)
    }

    /// 4 good images (one nested, one JPEG, one grey PNG) and 4 bad files.
    func makeMixedFolder(_ dir: TempFolder) throws -> URL {
        let src = dir.url.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: src.appendingPathComponent("nested/deeper"), withIntermediateDirectories: true)
        try pattern(40, 30, seed: 1).save(to: src.appendingPathComponent("a.png").path)
        try pattern(32, 32, seed: 2).save(to: src.appendingPathComponent("nested/b.png").path)
        try pattern(50, 64, seed: 3).save(to: src.appendingPathComponent("nested/deeper/c.jpg").path)
        try PNGBytes.make(width: 20, height: 20, colorType: 0, rows: Array(repeating: [UInt8](repeating: 77, count: 20), count: 20))
            .write(to: src.appendingPathComponent("grey.png"))
        try Data().write(to: src.appendingPathComponent("empty.png"))
        try Data("hello".utf8).write(to: src.appendingPathComponent("readme.txt"))
        let good = try Data(contentsOf: src.appendingPathComponent("a.png"))
        try good.prefix(good.count / 2).write(to: src.appendingPathComponent("truncated.png"))
        try PNGBytes.make(width: 1, height: 1, colorType: 2, rows: [[1, 2, 3]]).write(to: src.appendingPathComponent("tiny.png"))
        try Data("hidden".utf8).write(to: src.appendingPathComponent(".DS_Store"))
        return src
    }

    func testPrepareMixedFolderListsSkippedFilesWithReasons() throws {
        let dir = TempFolder("prepare")
        let src = try makeMixedFolder(dir)
        let out = dir.url.appendingPathComponent("data")
        var options = DatasetOptions()
        options.resolution = 16
        options.kernel = .box
        var calls: [(Int, Int)] = []
        let manifest = try DatasetBuilder.prepare(source: src, output: out, options: options) { calls.append(($0, $1)) }
        XCTAssertEqual(manifest.count, 4)
        XCTAssertEqual(manifest.images, ["a.png", "grey.png", "nested/b.png", "nested/deeper/c.jpg"])
        XCTAssertEqual(manifest.resolutions, [16, 8, 4])
        XCTAssertEqual(manifest.skipped.map(\.path), ["empty.png", "readme.txt", "tiny.png", "truncated.png"])
        XCTAssertTrue(manifest.skipped[0].reason.contains("0 bytes"))
        XCTAssertTrue(manifest.skipped[1].reason.contains("not a readable image"))
        XCTAssertTrue(manifest.skipped[2].reason.contains("1x1"))
        XCTAssertTrue(manifest.skipped[3].reason.contains("not a readable image"))
        XCTAssertEqual(calls.last?.0, 8); XCTAssertEqual(calls.last?.1, 8)
        // Nothing but the data set is left beside it.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted(), ["data", "src"])

        let data = try Dataset(folder: out)
        XCTAssertEqual(data.manifest, manifest)
        for r in [16, 8, 4] {
            let size = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("images-\(r)x\(r).u8").path)[.size] as! Int
            XCTAssertEqual(size, 4 * r * r * 3)
        }
        // Image 0: a.png (40x30) centre-cropped to 30x30 from x = 5, then box to 16.
        let expectedTop = try pattern(40, 30, seed: 1).cropped(x: 5, y: 0, width: 30, height: 30).resized(side: 16, kernel: .box)
        XCTAssertEqual(data.image(0, resolution: 16), expectedTop)
        // Level 8 is the 2x2 average of level 16 (half to even).
        let top = data.image(2, resolution: 16), half = data.image(2, resolution: 8)
        for (x, y, c) in [(0, 0, 0), (3, 5, 1), (7, 7, 2)] {
            let s = [top.pixels[((2 * y) * 16 + 2 * x) * 3 + c], top.pixels[((2 * y) * 16 + 2 * x + 1) * 3 + c],
                     top.pixels[((2 * y + 1) * 16 + 2 * x) * 3 + c], top.pixels[((2 * y + 1) * 16 + 2 * x + 1) * 3 + c]].map(Float.init)
            XCTAssertEqual(half.pixels[(y * 8 + x) * 3 + c], UInt8(((s[0] + s[1] + s[2] + s[3]) / 4).rounded(.toNearestOrEven)))
        }
        XCTAssertEqual(data.image(1, resolution: 4).pixels[0], 77, "grey stays grey at every level")
        XCTAssertThrowsError(try data.check(resolution: 32)) { XCTAssertTrue("\($0)".contains("16, 8, 4")) }
    }

    func testStrictStopsAtTheFirstBadFileAndLeavesNothing() throws {
        let dir = TempFolder("strict")
        let src = try makeMixedFolder(dir)
        let out = dir.url.appendingPathComponent("data")
        var options = DatasetOptions()
        options.resolution = 8
        options.strict = true
        XCTAssertThrowsError(try DatasetBuilder.prepare(source: src, output: out, options: options)) { error in
            guard case .strictStop(let path, _)? = error as? DatasetError else { return XCTFail("\(error)") }
            XCTAssertTrue(path.hasSuffix("empty.png"), path)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path), ["src"])
    }

    func testBadFoldersAndResolutionsGiveClearErrors() throws {
        let dir = TempFolder("badfolders")
        let empty = dir.url.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let out = dir.url.appendingPathComponent("data")
        XCTAssertThrowsError(try DatasetBuilder.prepare(source: empty, output: out, options: DatasetOptions())) {
            XCTAssertEqual($0 as? DatasetError, .emptyFolder(path: empty.path))
        }
        let junk = dir.url.appendingPathComponent("junk")
        try FileManager.default.createDirectory(at: junk, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: junk.appendingPathComponent("a.jpg"))
        try Data().write(to: junk.appendingPathComponent("b.png"))
        XCTAssertThrowsError(try DatasetBuilder.prepare(source: junk, output: out, options: DatasetOptions())) { error in
            guard case .noReadableImages(_, let n, _)? = error as? DatasetError else { return XCTFail("\(error)") }
            XCTAssertEqual(n, 2)
        }
        var options = DatasetOptions()
        for bad in [48, 2, 0, -8] {
            options.resolution = bad
            XCTAssertThrowsError(try DatasetBuilder.prepare(source: junk, output: out, options: options)) {
                XCTAssertEqual($0 as? DatasetError, .resolutionNotPowerOfTwo(bad))
            }
        }
        XCTAssertThrowsError(try DatasetBuilder.prepare(source: dir.url.appendingPathComponent("nope"), output: out, options: DatasetOptions()))
        XCTAssertThrowsError(try DatasetBuilder.prepare(source: junk, output: empty, options: DatasetOptions())) {
            XCTAssertEqual($0 as? DatasetError, .outputExists(path: empty.path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
        XCTAssertThrowsError(try Dataset(folder: empty)) { XCTAssertTrue("\($0)".contains("prepare")) }
    }

    func testBatchesAreSeededMirroredAndInRange() throws {
        let dir = TempFolder("batches")
        let src = dir.url.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: src, withIntermediateDirectories: true)
        for i in 0..<5 { try pattern(24, 24, seed: i).save(to: src.appendingPathComponent("img\(i).png").path) }
        var options = DatasetOptions()
        options.resolution = 8
        try DatasetBuilder.prepare(source: src, output: dir.url.appendingPathComponent("data"), options: options)
        let data = try Dataset(folder: dir.url.appendingPathComponent("data"))

        var a = RNG(seed: 7), b = RNG(seed: 7), c = RNG(seed: 8)
        let x = data.batch(resolution: 8, size: 16, rng: &a, mirror: true)
        XCTAssertEqual(x.shape, [16, 3, 8, 8])
        XCTAssertEqual(x.toArray(), data.batch(resolution: 8, size: 16, rng: &b, mirror: true).toArray(), "same seed, same batch")
        XCTAssertNotEqual(x.toArray(), data.batch(resolution: 8, size: 16, rng: &c, mirror: true).toArray())
        let values = x.toArray()
        XCTAssertTrue(values.allSatisfy { $0 >= -1 && $0 <= 1 })

        // Every item is a stored image or its mirror; with mirroring on, both kinds appear.
        let stored = (0..<5).map { data.image($0, resolution: 8) }
        var plain = 0, mirrored = 0
        var rng = RNG(seed: 1)
        let big = data.batch(resolution: 4, size: 1, rng: &rng, mirror: false)
        XCTAssertEqual(big.shape, [1, 3, 4, 4])
        for item in Image.images(from: data.batch(resolution: 8, size: 64, rng: &rng, mirror: true), range: .minusOneToOne) {
            if stored.contains(item) { plain += 1 } else if stored.contains(item.mirrored()) { mirrored += 1 } else { XCTFail("unknown image in batch") }
        }
        XCTAssertEqual(plain + mirrored, 64)
        XCTAssertGreaterThan(plain, 16); XCTAssertGreaterThan(mirrored, 16)
        for item in Image.images(from: data.batch(resolution: 8, size: 32, rng: &rng, mirror: false), range: .minusOneToOne) {
            XCTAssertTrue(stored.contains(item), "without mirroring every item is a stored image")
        }
    }
}
