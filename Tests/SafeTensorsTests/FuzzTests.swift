// Random corruptions of a valid file (fixed seed): each must give a typed error or a file whose
// tensors all read — never a trap, never an allocation the file cannot back.

import Foundation
import SafeTensors
import XCTest

final class FuzzTests: XCTestCase {
    /// A valid file with every dtype, metadata and a scalar.
    private func validFile() -> [UInt8] {
        let header = """
        {"__metadata__":{"step":"12","config":"{\\"lr\\":0.001}"},\
        "f":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},\
        "i":{"dtype":"I64","shape":[2],"data_offsets":[24,40]},\
        "h":{"dtype":"F16","shape":[3],"data_offsets":[40,46]},\
        "b":{"dtype":"BF16","shape":[],"data_offsets":[46,48]},\
        "u":{"dtype":"U8","shape":[1,5],"data_offsets":[48,53]}}
        """
        let data = RawFiles.le([Float](repeating: 1.5, count: 6)) + RawFiles.le([Int64(-3), 99])
            + RawFiles.le([UInt16(0x3C00), 0xC000, 0x7BFF]) + RawFiles.le([UInt16(0x3F80)]) + [1, 2, 3, 4, 5]
        return RawFiles.bytes(header: header, data: data)
    }

    /// Opens `bytes` from a file; returns the error case name, or "valid" after reading every tensor.
    private func outcome(_ bytes: [UInt8], at url: URL) throws -> String {
        ScratchFolder.write(bytes, to: url)
        do {
            let f = try SafeTensorsFile(contentsOf: url)
            for name in f.names {
                let info = try XCTUnwrap(f.info(name))
                XCTAssertEqual(try f.floats(name).count, info.elementCount)
                XCTAssertEqual(try f.shape(name), info.shape)
                switch info.dtype {
                case .U8: XCTAssertEqual(try f.uint8(name).count, info.elementCount)
                case .I64: XCTAssertEqual(try f.int64(name).count, info.elementCount)
                default: break
                }
                XCTAssertLessThanOrEqual(info.elementCount * info.dtype.byteSize, bytes.count)
            }
            return "valid"
        } catch let error as SafeTensorsError {
            XCTAssertTrue(error.description.contains(url.path), "\(error)")
            return Mirror(reflecting: error).children.first?.label ?? "\(error)"
        }
    }

    func testThousandRandomFlipsAndTruncations() throws {
        let scratch = ScratchFolder()
        let url = scratch.file("fuzz.safetensors")
        let original = validFile()
        XCTAssertEqual(try outcome(original, at: url), "valid")
        let headerEnd = original.count - 53

        let jsonish = Array("0123456789-+.eE[]{}:,\" \\FUIB".utf8)
        var rng = XorShift(seed: 0x5AFE_7E50)
        var outcomes: [String: Int] = [:]
        for _ in 0..<1000 {
            var bytes = original
            let kind = rng.below(4)
            if kind != 3 {  // 1 to 4 byte changes; three in four land in the length field or the header
                for _ in 0...rng.below(4) {
                    let at = rng.below(4) == 0 ? rng.below(bytes.count) : rng.below(headerEnd)
                    switch rng.below(3) {
                    case 0: bytes[at] ^= UInt8(truncatingIfNeeded: rng.below(255) + 1)  // any byte
                    case 1: bytes[at] = jsonish[rng.below(jsonish.count)]  // keeps the header UTF-8, reaches the checks after parsing
                    default: bytes[at] ^= 1  // a digit off by one, a letter changed
                    }
                }
            }
            if kind >= 2 {  // truncation, alone or after changes; half of them inside the data area
                bytes.removeLast(rng.below(2) == 0 ? rng.below(bytes.count + 1) : 1 + rng.below(53))
            }
            outcomes[try outcome(bytes, at: url), default: 0] += 1
        }
        print("FuzzTests: 1000 corruptions → \(outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        XCTAssertEqual(outcomes.values.reduce(0, +), 1000)
        XCTAssertGreaterThan(outcomes.count, 5, "the corruptions should reach many different checks")
    }

    func testEveryTruncationIsAnError() throws {
        let scratch = ScratchFolder()
        let url = scratch.file("cut.safetensors")
        let original = validFile()
        for length in 0..<original.count {
            XCTAssertNotEqual(try outcome(Array(original[0..<length]), at: url), "valid", "truncated to \(length) bytes")
        }
    }
}
