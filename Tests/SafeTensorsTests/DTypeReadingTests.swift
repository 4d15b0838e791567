// Reading F16, BF16, U8 and I64 tensors from files built byte by byte, with values whose float32
// form is known exactly.

import Foundation
import SafeTensors
import XCTest

final class DTypeReadingTests: XCTestCase {
    func testF16BF16U8AndI64WidenToTheKnownFloats() throws {
        let scratch = ScratchFolder()
        // F16: 1, −2, 65504 (largest), 2^-24 (smallest subnormal), −0, +inf, 0.333251953125 (0x3555)
        let f16: [UInt16] = [0x3C00, 0xC000, 0x7BFF, 0x0001, 0x8000, 0x7C00, 0x3555, 0x03FF]
        let f16Expected: [Float] = [1, -2, 65504, 0x1p-24, -0.0, .infinity, 0.333251953125, 1023 * 0x1p-24]
        // BF16: 1, −3, the top half of π's float32 (0x4049 → 3.140625), the smallest subnormal 2^-133
        let bf16: [UInt16] = [0x3F80, 0xC040, 0x4049, 0x0001]
        let bf16Expected: [Float] = [1, -3, 3.140625, 0x1p-133]
        let u8: [UInt8] = [0, 1, 128, 255, 7]
        let i64: [Int64] = [-1, 0, 1 << 53, Int64.max, 42]
        let data = RawFiles.le(i64) + RawFiles.le(f16) + RawFiles.le(bf16) + u8
        let header = """
        {"__metadata__":{"format":"pt","note":"a \\"quoted\\" \\u00e9 value"},\
        "i":{"dtype":"I64","shape":[5],"data_offsets":[0,40]},\
        "h":{"dtype":"F16","shape":[2,4],"data_offsets":[40,56]},\
        "b":{"dtype":"BF16","shape":[2,2],"data_offsets":[56,64]},\
        "u":{"dtype":"U8","shape":[5],"data_offsets":[64,69]}}
        """
        let file = try SafeTensorsFile(contentsOf: scratch.write(RawFiles.bytes(header: header, data: data), to: "dtypes.safetensors"))
        XCTAssertEqual(file.names, ["b", "h", "i", "u"])
        XCTAssertEqual(file.metadata, ["format": "pt", "note": "a \"quoted\" é value"])
        XCTAssertEqual(file.info("h"), TensorInfo(name: "h", dtype: .F16, shape: [2, 4], byteRange: 40..<56))

        let h = try file.floats("h")
        XCTAssertEqual(h.map(\.bitPattern), f16Expected.map(\.bitPattern))  // bit-exact, −0 included
        XCTAssertEqual(try file.floats("b").map(\.bitPattern), bf16Expected.map(\.bitPattern))
        XCTAssertEqual(try file.uint8("u"), u8)
        XCTAssertEqual(try file.floats("u"), [0, 1, 128, 255, 7])
        XCTAssertEqual(try file.int64("i"), i64)
        XCTAssertEqual(try file.floats("i"), [-1, 0, 0x1p53, 0x1p63, 42])  // Int64.max rounds to 2^63
        XCTAssertThrowsError(try file.int64("u")) { error in
            XCTAssertEqual(error as? SafeTensorsError, .wrongDType(path: file.url.path, name: "u", dtype: .U8, expected: [.I64]))
        }
    }

    func testF16NaNStaysNaNAndScalarsAndEmptyTensorsRead() throws {
        let scratch = ScratchFolder()
        let header = """
        {"nan":{"dtype":"F16","shape":[1],"data_offsets":[0,2]},\
        "s":{"dtype":"F32","shape":[],"data_offsets":[2,6]},\
        "e":{"dtype":"F32","shape":[0,3],"data_offsets":[6,6]}}
        """
        let data = RawFiles.le([UInt16(0x7E00)]) + RawFiles.le([Float(2.5)])
        let file = try SafeTensorsFile(contentsOf: scratch.write(RawFiles.bytes(header: header, data: data), to: "s.safetensors"))
        XCTAssertTrue(try file.floats("nan")[0].isNaN)
        XCTAssertEqual(try file.floats("s"), [2.5])  // a scalar's shape is [] and it has one element
        XCTAssertEqual(try file.shape("s"), [])
        XCTAssertEqual(try file.floats("e"), [])
        XCTAssertEqual(try file.shape("e"), [0, 3])
    }
}
