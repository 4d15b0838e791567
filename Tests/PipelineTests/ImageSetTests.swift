// ImageSet through the library, as `eval` uses it: a folder of PNGs inspected without decoding, the counts every
// set is held to, a seeded subset loaded, and the progress it reports.

import XCTest
import Imaging
import Metrics
import Pipeline

final class ImageSetTests: XCTestCase {
    static var folder: URL!
    static let count = 12
    static let (width, height) = (20, 17)

    /// `count` images of one flat colour each, told apart by their red (5 · index), so a subset can be read back.
    override class func setUp() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("image-set-\(UUID())")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for i in 0..<count {
            var pixels = [UInt8](repeating: 0, count: width * height * 3)
            for p in 0..<(width * height) { (pixels[3 * p], pixels[3 * p + 1], pixels[3 * p + 2]) = (UInt8(5 * i), 100, 200) }
            try! Image(width: width, height: height, pixels: pixels).save(to: folder.appendingPathComponent(String(format: "img-%02d.png", i)).path)
        }
    }

    override class func tearDown() { try? FileManager.default.removeItem(at: folder) }

    /// The index of each image of `batch` (planar: red is the first plane of each image).
    func indices(_ batch: ImageBatch) -> [Int] { (0..<batch.count).map { Int(batch.pixels[$0 * batch.imageSize]) / 5 } }

    func testAFolderIsInspectedFromItsFirstHeader() throws {
        let set = try ImageSet.inspect(Self.folder.path, side: nil)
        XCTAssertEqual(set.available, Self.count)
        XCTAssertNil(set.side)
        XCTAssertEqual(set.firstSize?.width, Self.width)
        XCTAssertEqual(set.firstSize?.height, Self.height)
        XCTAssertEqual(set.knownSmallestSide, min(Self.width, Self.height))
        XCTAssertFalse(set.isSampled)
        let asked = try ImageSet.inspect(Self.folder.path, side: 8)
        XCTAssertEqual(asked.side, 8)
        XCTAssertNil(asked.firstSize, "the header is not read when a side is asked")
        XCTAssertEqual(asked.knownSmallestSide, 8)
    }

    func testCountRules() throws {
        let set = try ImageSet.inspect(Self.folder.path, side: nil)
        // Asked: taken as asked, or an error naming the set that holds fewer.
        XCTAssertEqual(try ImageSet.count(asked: 5, preferred: 1_000, sets: [set]).count, 5)
        XCTAssertNil(try ImageSet.count(asked: 5, preferred: 1_000, sets: [set]).note)
        XCTAssertThrowsError(try ImageSet.count(asked: Self.count + 1, preferred: nil, sets: [set])) { error in
            guard case let MetricsError.tooFewImages(what, have, need) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(what, Self.folder.path)
            XCTAssertEqual([have, need], [Self.count, Self.count + 1])
            XCTAssertTrue("\(error)".contains(Self.folder.path), "\(error)")
        }
        // Preferred: lowered to the smallest set, with a note that says so; kept when every set holds enough.
        let lowered = try ImageSet.count(asked: nil, preferred: 50_000, sets: [set, set])
        XCTAssertEqual(lowered.count, Self.count)
        XCTAssertEqual(lowered.note, "using \(Self.count) images per set: \(Self.folder.path) has \(Self.count), fewer than the usual 50000")
        let kept = try ImageSet.count(asked: nil, preferred: 4, sets: [set])
        XCTAssertEqual(kept.count, 4)
        XCTAssertNil(kept.note)
        // Neither: all of the smallest set; no set that knows its size: preferred, else 1,024.
        XCTAssertEqual(try ImageSet.count(asked: nil, preferred: nil, sets: [set]).count, Self.count)
        XCTAssertEqual(try ImageSet.count(asked: nil, preferred: 7, sets: []).count, 7)
        XCTAssertEqual(try ImageSet.count(asked: nil, preferred: nil, sets: []).count, 1_024)
    }

    func testASeededSubsetIsDeterministicAndOfTheSizeAsked() throws {
        let set = try ImageSet.inspect(Self.folder.path, side: nil)
        let a = try set.load(count: 5, seed: 3)
        XCTAssertEqual(a.count, 5)
        XCTAssertEqual([a.height, a.width], [Self.height, Self.width])
        XCTAssertEqual(try set.load(count: 5, seed: 3), a, "the same seed loads the same images")
        let picked = indices(a)
        XCTAssertEqual(Set(picked).count, 5, "no image twice: \(picked)")
        XCTAssertTrue(picked.allSatisfy { (0..<Self.count).contains($0) }, "\(picked)")
        XCTAssertNotEqual(indices(try set.load(count: 5, seed: 4)), picked, "another seed, other images")
        XCTAssertEqual(Set(indices(try set.load(count: nil))), Set(0..<Self.count), "nil: the whole folder")
        // A side asked resizes every image to it.
        let small = try ImageSet.inspect(Self.folder.path, side: 8).load(count: 3, seed: 3)
        XCTAssertEqual([small.count, small.height, small.width], [3, 8, 8])
        XCTAssertThrowsError(try set.load(count: Self.count + 1)) { error in
            guard case MetricsError.tooFewImages = error else { return XCTFail("\(error)") }
        }
    }

    func testProgressEndsAtTheTotal() throws {
        let set = try ImageSet.inspect(Self.folder.path, side: nil)
        var calls: [(Int, Int)] = []
        _ = try set.load(count: 7, seed: 1) { calls.append(($0, $1)) }
        XCTAssertFalse(calls.isEmpty)
        XCTAssertEqual(calls.last?.0, 7)
        XCTAssertEqual(calls.last?.1, 7)
        XCTAssertTrue(calls.allSatisfy { $0.1 == 7 && $0.0 <= 7 }, "\(calls)")
    }
}
