// Write then read: metadata, names, shapes and values come back bit for bit, and the file has the
// layout the writer promises (sorted keys, 8-byte aligned data area, float32 tensors 4-byte aligned).

import Foundation
import SafeTensors
import XCTest

final class RoundTripTests: XCTestCase {
    func testFloat32AndUInt8RoundTripBitExact() throws {
        let scratch = ScratchFolder()
        let url = scratch.file("ckpt.safetensors")
        let metadata = [
            "config": #"{"stage":"progan","resolution":16,"note":"tab\there, quote \" and \\ slash"}"#,
            "step": "1200", "unicode": "é ∂ 🙂", "control": "\u{01}\n",
        ]
        var specials: [Float] = [0, -0.0, 1, -1, .pi, .infinity, -.infinity, .leastNonzeroMagnitude,
                                 .greatestFiniteMagnitude, Float(bitPattern: 0x7FC0_1234)]  // a NaN with a payload
        var rng = XorShift(seed: 7)
        specials += (0..<(2 * 3 * 4 * 5 - specials.count)).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())) }
        let image: [UInt8] = (0..<(3 * 7)).map { UInt8(truncatingIfNeeded: $0 * 37) }

        var w = SafeTensorsWriter(metadata: metadata)
        w.add("trunk.0.rcb.0.weight", shape: [2, 3, 4, 5], floats: specials)
        w.add("a.scalar", shape: [], floats: [42])
        w.add("image", shape: [3, 7], uint8: image)  // 21 bytes: would misalign a float tensor placed after it
        w.add("z.bias", shape: [3], floats: [1, 2, 3])
        w.add("empty", shape: [0, 4], floats: [])
        w.add("ünïcode.name", shape: [1], floats: [5])
        try w.write(to: url)

        let f = try SafeTensorsFile(contentsOf: url)
        XCTAssertEqual(f.metadata, metadata)
        XCTAssertEqual(f.names, ["a.scalar", "empty", "image", "trunk.0.rcb.0.weight", "z.bias", "ünïcode.name"])
        XCTAssertEqual(try f.shape("trunk.0.rcb.0.weight"), [2, 3, 4, 5])
        XCTAssertEqual(try f.floats("trunk.0.rcb.0.weight").map(\.bitPattern), specials.map(\.bitPattern))
        XCTAssertEqual(try f.shape("a.scalar"), [])
        XCTAssertEqual(try f.floats("a.scalar"), [42])
        XCTAssertEqual(try f.uint8("image"), image)
        XCTAssertEqual(f.info("image")?.dtype, .U8)
        XCTAssertEqual(try f.floats("z.bias"), [1, 2, 3])
        XCTAssertEqual(try f.floats("empty"), [])
        XCTAssertEqual(try f.shape("empty"), [0, 4])
        XCTAssertEqual(try f.floats("ünïcode.name"), [5])

        // Layout: the data area starts at a multiple of 8; every F32 tensor starts at a multiple of 4.
        let bytes = [UInt8](try Data(contentsOf: url))
        let headerLength = Int(bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        XCTAssertEqual((8 + headerLength) % 8, 0)
        for name in f.names where f.info(name)!.dtype == .F32 {
            XCTAssertEqual((8 + headerLength + f.info(name)!.byteRange.lowerBound) % 4, 0, name)
        }
        // Keys appear in sorted order in the header text, metadata first, padding is spaces.
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        let positions = ["__metadata__"] + f.names
        let offsets = positions.map { header.range(of: "\"\($0)\":")!.lowerBound }
        XCTAssertEqual(offsets, offsets.sorted())
        XCTAssertTrue(header.hasPrefix("{\"__metadata__\""))
        XCTAssertTrue(header.reversed().drop(while: { $0 == " " }).first == "}")
    }

    func testNoMetadataWritesNoMetadataKey() throws {
        let scratch = ScratchFolder()
        let url = scratch.file("plain.safetensors")
        var w = SafeTensorsWriter()
        w.add("x", shape: [2], floats: [1, 2])
        try w.write(to: url)
        let f = try SafeTensorsFile(contentsOf: url)
        XCTAssertEqual(f.metadata, [:])
        XCTAssertEqual(f.names, ["x"])
        XCTAssertFalse(String(decoding: try Data(contentsOf: url), as: UTF8.self).contains("__metadata__"))
    }
}
