// Hostile and large input images through the binary: an image over the pixel limit is refused (upscale) or
// skipped (prepare) with its name and size, read from its header before anything is decoded, and a folder of
// 24-megapixel photos prepares in bounded memory (shrunk as the files are read).

import Foundation
import Imaging
import SRTestSupport
import XCTest

final class ImageLimitTests: XCTestCase {
    /// A flat grey `side` x `side` PNG written row by row: 12000² pixels (432 MB decoded) make a file of 450 kB, 30000²
    /// (2.7 GB) one of 2.7 MB.
    static func flatPNG(_ path: String, side: Int) throws {
        let writer = try PNGRowWriter(path: path, width: side, height: side)
        let row = [UInt8](repeating: 128, count: side * 3)
        try row.withUnsafeBufferPointer { r in for _ in 0..<side { try writer.write(r, count: 1) } }
        try writer.finish()
    }

    func testA12000PixelSquarePNGIsRefusedOrSkippedNamingItWithoutDecoding() throws {
        let scratch = ScratchFolder("huge")
        let folder = scratch.path("photos")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let huge = folder + "/huge.png"
        // 12000² rather than the 30000² of the report: the same check (144 megapixels over the default 64), and writing
        // the test file takes a sixth of the time.
        try Self.flatPNG(huge, side: 12_000)
        let fileSize = try FileManager.default.attributesOfItem(atPath: huge)[.size] as! Int
        XCTAssertLessThan(fileSize, 1_000_000, "the hostile file is small on disk")
        for i in 0..<2 { try PhotoLike.image(width: 80, height: 60, seed: UInt64(i)).save(to: folder + "/small\(i).png") }
        let binary = try ProGANSRBinary()

        let upscale = try binary.runMeasured(["upscale", huge, "--method", "bicubic", "--out", scratch.path("up")], scratch: scratch)
        XCTAssertEqual(upscale.result.status, 1, "\(upscale)")
        XCTAssertFalse(upscale.result.signalled, "\(upscale)")
        XCTAssertTrue(upscale.result.stderr.contains(huge), "\(upscale)")
        XCTAssertTrue(upscale.result.stderr.contains("12000x12000 is 144 megapixels, over the limit of 64 megapixels"), "\(upscale)")
        XCTAssertLessThan(upscale.peakBytes, 200_000_000, "nothing may be decoded (432 MB): \(upscale)")

        let prepare = try binary.runMeasured(["prepare", folder, "--out", scratch.path("data"), "--resolution", "16"], scratch: scratch)
        XCTAssertEqual(prepare.result.status, 0, "\(prepare)")
        XCTAssertTrue(prepare.result.stdout.contains("huge.png: 12000x12000 is 144 megapixels, over the limit of 64 megapixels"), "\(prepare)")
        XCTAssertTrue(prepare.result.stdout.contains("2 images"), "\(prepare)")
        XCTAssertLessThan(prepare.peakBytes, 200_000_000, "nothing may be decoded (432 MB): \(prepare)")
        print("12000² PNG of \(fileSize / 1000) kB: upscale refused it at \(upscale.megabytes) MB peak RSS, prepare skipped it at \(prepare.megabytes) MB")
    }

    func testMaxMegapixelsChangesTheLimit() throws {
        let scratch = ScratchFolder("limit")
        let folder = scratch.path("in")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try PhotoLike.image(width: 300, height: 200, seed: 1).save(to: folder + "/big.png")
        try PhotoLike.image(width: 100, height: 100, seed: 2).save(to: folder + "/fits.png")
        let binary = try ProGANSRBinary()

        let refused = try binary.run(["upscale", folder + "/big.png", "--method", "bicubic", "--max-megapixels", "0.05", "--out", scratch.path("a")])
        XCTAssertEqual(refused.status, 1, "\(refused)")
        XCTAssertTrue(refused.stderr.contains(folder + "/big.png: 300x200 is 0.06 megapixels, over the limit of 0.05 megapixels"), "\(refused)")
        let allowed = try binary.run(["upscale", folder + "/big.png", "--method", "bicubic", "--out", scratch.path("b")])
        XCTAssertEqual(allowed.status, 0, "\(allowed)")

        let prepare = try binary.run(["prepare", folder, "--out", scratch.path("data"), "--resolution", "16", "--max-megapixels", "0.05"])
        XCTAssertEqual(prepare.status, 0, "\(prepare)")
        XCTAssertTrue(prepare.stdout.contains("big.png: 300x200 is 0.06 megapixels, over the limit of 0.05 megapixels"), "\(prepare)")
        XCTAssertTrue(prepare.stdout.contains("1 images"), "\(prepare)")

        let zero = try binary.run(["prepare", folder, "--out", scratch.path("zero"), "--max-megapixels", "0"])
        XCTAssertEqual(zero.status, 64, "\(zero)")
    }

    func testPrepareOf24MegapixelPhotosStaysFarBelowAGigabyte() throws {
        // Three 6000x4000 JPEG photos (72 MB each decoded; prepare decodes one per core): shrunk as they are read, the
        // whole prepare stays under 200 MB of resident memory (measured 85 MB). Decoded whole, two at once, with the
        // copies of the loading chain, they took 345 MB — about 170 MB per core, so 2.7 GB on 16 cores.
        let scratch = ScratchFolder("photos")
        let folder = scratch.path("photos")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let photo = PhotoLike.image(width: 6000, height: 4000, seed: 24)
        for i in 0..<3 { try photo.save(to: folder + "/photo\(i).jpg", jpegQuality: 90) }
        let run = try ProGANSRBinary().runMeasured(["prepare", folder, "--out", scratch.path("data"), "--resolution", "64"], scratch: scratch)
        XCTAssertEqual(run.result.status, 0, "\(run)")
        XCTAssertTrue(run.result.stdout.contains("3 images"), "\(run)")
        print("prepare of 3 photos of 6000x4000: peak RSS \(run.megabytes) MB")
        XCTAssertLessThan(run.peakBytes, 200_000_000, "\(run)")
    }
}
