// The reals a pipeline report or the study measures against: a seeded random subset (not the first files by
// name), in two disjoint halves of equal size, mirrored at random only when the run trained with mirroring.

import XCTest
import Imaging
import Pipeline

final class RealReferenceTests: XCTestCase {
    static var folder: URL!
    static let count = 60

    /// `count` 8x8 images, each told apart by its top-left pixel (red = index), its left half dark and its right
    /// half light, so a mirrored copy is told apart too.
    override class func setUp() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("real-reference-\(UUID())")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for i in 0..<count {
            var pixels = [UInt8](repeating: 0, count: 8 * 8 * 3)
            for y in 0..<8 { for x in 0..<8 { pixels[(y * 8 + x) * 3 + 1] = x < 4 ? 10 : 240 } }
            for y in 0..<8 { pixels[(y * 8) * 3] = UInt8(i); pixels[(y * 8 + 7) * 3] = UInt8(i) }
            try! Image(width: 8, height: 8, pixels: pixels).save(to: folder.appendingPathComponent(String(format: "img-%03d.png", i)).path)
        }
    }

    override class func tearDown() { try? FileManager.default.removeItem(at: folder) }

    func index(_ image: Image) -> Int { Int(image.pixel(x: 0, y: 0).0) }
    func isMirrored(_ image: Image) -> Bool { image.pixel(x: 0, y: 0).1 > 128 }

    func testHalvesAreDisjointEqualAndSeeded() throws {
        let pool = 24
        let a = try RealReference.load(Self.folder, pool: pool, seed: 3, mirror: false)
        XCTAssertEqual(a.available, Self.count)
        XCTAssertEqual(a.reference.count, pool / 2)
        XCTAssertEqual(a.other.count, pool / 2)
        let reference = Set(a.reference.map(index)), other = Set(a.other.map(index))
        XCTAssertEqual(reference.count, pool / 2, "no image twice in a half")
        XCTAssertTrue(reference.isDisjoint(with: other), "the halves share \(reference.intersection(other))")
        // Not the first files by name, and not in name order within a half.
        XCTAssertNotEqual(reference.union(other), Set(0..<pool))
        XCTAssertNotEqual(a.reference.map(index), a.reference.map(index).sorted())
        // The same seed draws the same halves; another seed other images.
        let again = try RealReference.load(Self.folder, pool: pool, seed: 3, mirror: false)
        XCTAssertEqual(again.reference.map(index), a.reference.map(index))
        XCTAssertEqual(again.other.map(index), a.other.map(index))
        let b = try RealReference.load(Self.folder, pool: pool, seed: 4, mirror: false)
        XCTAssertNotEqual(Set(b.reference.map(index)).union(b.other.map(index)), reference.union(other))
        XCTAssertFalse((a.reference + a.other).contains(where: isMirrored))
    }

    func testASmallSetIsUsedWholeInEqualHalves() throws {
        let all = try RealReference.load(Self.folder, pool: 1_000, seed: 1, mirror: false)
        XCTAssertEqual(all.count, Self.count / 2)
        XCTAssertEqual(Set(all.reference.map(index)).union(all.other.map(index)), Set(0..<Self.count))
        let odd = try RealReference.load(Self.folder, pool: 7, seed: 1, mirror: false)
        XCTAssertEqual([odd.reference.count, odd.other.count], [3, 3])
    }

    func testMirroredAtRandomOnlyWhenTheRunMirrored() throws {
        let r = try RealReference.load(Self.folder, pool: Self.count, seed: 5, mirror: true)
        XCTAssertTrue(r.mirrored)
        let mirrored = (r.reference + r.other).filter(isMirrored).count
        // About half (binomial, n = 60: 30 ± 3.9; these bounds are 4 standard deviations).
        XCTAssertTrue((14...46).contains(mirrored), "\(mirrored) of \(Self.count) mirrored")
        XCTAssertEqual(Set((r.reference + r.other).map(index)).count, Self.count, "mirroring keeps every image once")
    }

    func testAMissingFolderIsNamed() {
        let missing = Self.folder.appendingPathComponent("nope")
        XCTAssertThrowsError(try RealReference.load(missing, seed: 1, mirror: false)) { XCTAssertTrue("\($0)".contains(missing.path), "\($0)") }
    }
}
