// A corpus of malformed files, built here byte by byte, each rejected with its own typed error that
// names the file. None may trap, and none may make the reader allocate from an unchecked length.

import Foundation
import SafeTensors
import XCTest

final class MalformedFileTests: XCTestCase {
    /// One malformed file and the error it must give (for the file at `path`).
    private struct Case {
        let name: String
        let bytes: [UInt8]
        let expected: (String) -> SafeTensorsError?  // nil: only the case name below is checked
        var caseName: String? = nil
    }

    private static func file(_ header: String, _ data: [UInt8] = []) -> [UInt8] { RawFiles.bytes(header: header, data: data) }
    private static func entry(_ name: String = "w", dtype: String = "\"F32\"", shape: String = "[2]", offsets: String = "[0,8]") -> String {
        "\"\(name)\":{\"dtype\":\(dtype),\"shape\":\(shape),\"data_offsets\":\(offsets)}"
    }
    private static let eight = [UInt8](repeating: 0, count: 8)

    private static let cases: [Case] = [
        Case(name: "empty", bytes: [], expected: { .fileTooShort(path: $0, size: 0) }),
        Case(name: "seven-bytes", bytes: [1, 0, 0, 0, 0, 0, 0], expected: { .fileTooShort(path: $0, size: 7) }),
        Case(name: "header-over-100MB", bytes: RawFiles.bytes(header: Array("{}".utf8), data: [], lengthField: 100_000_001),
             expected: { .headerTooLarge(path: $0, headerLength: 100_000_001, limit: 100_000_000) }),
        Case(name: "header-length-max", bytes: RawFiles.bytes(header: [], data: [], lengthField: .max),
             expected: { .headerTooLarge(path: $0, headerLength: .max, limit: 100_000_000) }),
        Case(name: "header-beyond-file", bytes: RawFiles.bytes(header: Array("{}".utf8), data: [], lengthField: 3),
             expected: { .headerBeyondFile(path: $0, headerLength: 3, fileSize: 10) }),
        Case(name: "header-empty", bytes: file(""), expected: { .headerNotJSON(path: $0, byteOffset: 0, problem: "the header ends where a value was expected") }),
        Case(name: "not-utf8", bytes: RawFiles.bytes(header: Array("{\"".utf8) + [0xFF] + Array("\":1}".utf8), data: []),
             expected: { .headerNotUTF8(path: $0, byteOffset: 2) }),
        Case(name: "overlong-utf8", bytes: RawFiles.bytes(header: Array("{\"".utf8) + [0xC0, 0xAF] + Array("\":1}".utf8), data: []),
             expected: { .headerNotUTF8(path: $0, byteOffset: 2) }),
        Case(name: "utf8-surrogate", bytes: RawFiles.bytes(header: Array("{\"".utf8) + [0xED, 0xA0, 0x80] + Array("\":1}".utf8), data: []),
             expected: { .headerNotUTF8(path: $0, byteOffset: 2) }),
        Case(name: "truncated-json", bytes: file("{\"w\":"), expected: { _ in nil }, caseName: "headerNotJSON"),
        Case(name: "trailing-garbage", bytes: file("{} x"), expected: { _ in nil }, caseName: "headerNotJSON"),
        Case(name: "single-quotes", bytes: file("{'w':1}"), expected: { _ in nil }, caseName: "headerNotJSON"),
        Case(name: "trailing-comma", bytes: file("{\(entry()),}", eight), expected: { _ in nil }, caseName: "headerNotJSON"),
        Case(name: "lone-surrogate-escape", bytes: file("{\"\\ud800\":1}"), expected: { _ in nil }, caseName: "headerNotJSON"),
        Case(name: "raw-newline-in-string", bytes: file("{\"a\nb\":1}"), expected: { _ in nil }, caseName: "headerNotJSON"),
        Case(name: "leading-zero", bytes: file("{\(entry(offsets: "[00,8]"))}", eight), expected: { _ in nil }, caseName: "headerNotJSON"),
        Case(name: "nested-100000-deep", bytes: file("{\"w\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"),
             expected: { _ in nil }, caseName: "headerNotJSON"),
        Case(name: "not-an-object", bytes: file("[1,2]  "), expected: { .headerNotObject(path: $0) }),
        Case(name: "duplicate-name", bytes: file("{\(entry(offsets: "[0,8]")),\(entry(offsets: "[8,16]"))}", eight + eight),
             expected: { .duplicateName(path: $0, name: "w") }),
        Case(name: "duplicate-name-escaped", bytes: file("{\(entry(offsets: "[0,8]")),\(entry("\\u0077", offsets: "[8,16]"))}", eight + eight),
             expected: { .duplicateName(path: $0, name: "w") }),
        Case(name: "duplicate-field", bytes: file("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,8]}}", eight),
             expected: { .duplicateKey(path: $0, object: "the header entry \"w\"", key: "dtype") }),
        Case(name: "duplicate-metadata-key", bytes: file("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}"),
             expected: { .duplicateKey(path: $0, object: "\"__metadata__\"", key: "a") }),
        Case(name: "metadata-not-object", bytes: file("{\"__metadata__\":[\"a\"]}"), expected: { .metadataNotObject(path: $0) }),
        Case(name: "metadata-number", bytes: file("{\"__metadata__\":{\"step\":12}}"), expected: { .metadataValueNotString(path: $0, key: "step") }),
        Case(name: "entry-not-object", bytes: file("{\"w\":[0,8]}", eight), expected: { .entryNotObject(path: $0, name: "w") }),
        Case(name: "missing-dtype", bytes: file("{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}", eight),
             expected: { .missingField(path: $0, name: "w", field: "dtype") }),
        Case(name: "missing-shape", bytes: file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", eight),
             expected: { .missingField(path: $0, name: "w", field: "shape") }),
        Case(name: "missing-offsets", bytes: file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", eight),
             expected: { .missingField(path: $0, name: "w", field: "data_offsets") }),
        Case(name: "unknown-dtype", bytes: file("{\(entry(dtype: "\"F64\"", shape: "[1]"))}", eight),
             expected: { .unknownDType(path: $0, name: "w", dtype: "F64") }),
        Case(name: "dtype-not-string", bytes: file("{\(entry(dtype: "4"))}", eight),
             expected: { .invalidField(path: $0, name: "w", field: "dtype", problem: "is the number 4, not a string") }),
        Case(name: "shape-fraction", bytes: file("{\(entry(shape: "[2.0]"))}", eight),
             expected: { .invalidField(path: $0, name: "w", field: "shape", problem: "holds 2.0, not an integer") }),
        Case(name: "shape-string", bytes: file("{\(entry(shape: "\"2\""))}", eight),
             expected: { .invalidField(path: $0, name: "w", field: "shape", problem: "is a string, not an array of integers") }),
        Case(name: "negative-dimension", bytes: file("{\(entry(shape: "[-2,-1]"))}", eight),
             expected: { .negativeDimension(path: $0, name: "w", shape: [-2, -1]) }),
        Case(name: "dimension-beyond-int64", bytes: file("{\(entry(shape: "[99999999999999999999]"))}", eight),
             expected: { .absurdShape(path: $0, name: "w", shape: "[99999999999999999999]") }),
        Case(name: "element-count-overflow", bytes: file("{\(entry(shape: "[4294967296,4294967296,4]"))}", eight),
             expected: { .absurdShape(path: $0, name: "w", shape: "[4294967296, 4294967296, 4]") }),
        Case(name: "over-2^40-elements", bytes: file("{\(entry(shape: "[2097152,524289]"))}", eight),
             expected: { .absurdShape(path: $0, name: "w", shape: "[2097152, 524289]") }),
        Case(name: "huge-dimension-times-zero", bytes: file("{\(entry(shape: "[0,9223372036854775807]"))}", eight),
             expected: { .absurdShape(path: $0, name: "w", shape: "[0, 9223372036854775807]") }),
        Case(name: "byte-size-mismatch", bytes: file("{\(entry(shape: "[3]"))}", eight),
             expected: { .byteSizeMismatch(path: $0, name: "w", dtype: .F32, shape: [3], expectedBytes: 12, spanBytes: 8) }),
        Case(name: "offsets-one-number", bytes: file("{\(entry(offsets: "[8]"))}", eight),
             expected: { .invalidField(path: $0, name: "w", field: "data_offsets", problem: "is [8], not a pair [begin, end]") }),
        Case(name: "offsets-negative", bytes: file("{\(entry(offsets: "[-8,0]"))}", eight),
             expected: { .invalidField(path: $0, name: "w", field: "data_offsets", problem: "holds -8, not a byte offset between 0 and 2^63") }),
        Case(name: "offsets-inverted", bytes: file("{\(entry(offsets: "[8,0]"))}", eight),
             expected: { .invertedOffsets(path: $0, name: "w", begin: 8, end: 0) }),
        Case(name: "offsets-outside-data", bytes: file("{\(entry(offsets: "[0,8]"))}", [0, 0, 0, 0]),
             expected: { .offsetsOutsideData(path: $0, name: "w", begin: 0, end: 8, dataSize: 4) }),
        Case(name: "offsets-at-int64-max", bytes: file("{\(entry(offsets: "[9223372036854775799,9223372036854775807]"))}", eight),
             expected: { .offsetsOutsideData(path: $0, name: "w", begin: 9223372036854775799, end: 9223372036854775807, dataSize: 8) }),
        Case(name: "overlapping-spans", bytes: file("{\(entry("a", offsets: "[0,8]")),\(entry("b", offsets: "[4,12]"))}", eight + [0, 0, 0, 0]),
             expected: { .overlappingSpans(path: $0, first: "a", second: "b") }),
        Case(name: "same-span-twice", bytes: file("{\(entry("b", offsets: "[0,8]")),\(entry("a", offsets: "[0,8]"))}", eight),
             expected: { .overlappingSpans(path: $0, first: "a", second: "b") }),
        Case(name: "gap-between-spans", bytes: file("{\(entry("a", offsets: "[0,8]")),\(entry("b", offsets: "[12,20]"))}", eight + eight + [0, 0, 0, 0]),
             expected: { .unusedBytes(path: $0, begin: 8, end: 12) }),
        Case(name: "trailing-bytes", bytes: file("{\(entry())}", eight + [0]), expected: { .unusedBytes(path: $0, begin: 8, end: 9) }),
        Case(name: "data-without-tensors", bytes: file("{}", eight), expected: { .unusedBytes(path: $0, begin: 0, end: 8) }),
    ]

    /// The case's name of an error (`headerNotJSON` for `.headerNotJSON(path:byteOffset:problem:)`).
    private func caseName(_ error: SafeTensorsError) -> String {
        Mirror(reflecting: error).children.first?.label ?? "\(error)"
    }

    func testEveryMalformedFileGivesItsOwnTypedError() throws {
        XCTAssertGreaterThanOrEqual(Self.cases.count, 20)
        let scratch = ScratchFolder()
        var kinds = Set<String>()
        for c in Self.cases {
            let url = scratch.write(c.bytes, to: "\(c.name).safetensors")
            do {
                let f = try SafeTensorsFile(contentsOf: url)
                XCTFail("\(c.name): opened, with tensors \(f.names)")
            } catch let error as SafeTensorsError {
                if let expected = c.expected(url.path) {
                    XCTAssertEqual(error, expected, c.name)
                } else {
                    XCTAssertEqual(caseName(error), c.caseName, "\(c.name): \(error)")
                }
                XCTAssertTrue(error.description.contains(url.path), "\(c.name): \(error) does not name the file")
                kinds.insert(caseName(error))
            } catch {
                XCTFail("\(c.name): untyped error \(error)")
            }
        }
        print("MalformedFileTests: \(Self.cases.count) files, \(kinds.count) distinct error cases")
    }

    func testJSONSyntaxErrorsSayWhereAndWhat() throws {
        let scratch = ScratchFolder()
        let url = scratch.write(Self.file("{\"w\":{\"dtype\" \"F32\"}}"), to: "colon.safetensors")
        XCTAssertThrowsError(try SafeTensorsFile(contentsOf: url)) { error in
            XCTAssertEqual(error as? SafeTensorsError, .headerNotJSON(path: url.path, byteOffset: 14, problem: "expected ':' after an object key"))
        }
    }

    func testFilesThatCannotBeOpenedAreTypedErrors() throws {
        let scratch = ScratchFolder()
        let cases = [
            (scratch.file("missing.safetensors"), "No such file or directory"),
            (scratch.url, "not a regular file"),
            (URL(fileURLWithPath: "/dev/zero"), "not a regular file"),  // endless: must not be read
        ]
        for (url, reason) in cases {
            XCTAssertThrowsError(try SafeTensorsFile(contentsOf: url)) { error in
                XCTAssertEqual(error as? SafeTensorsError, .cannotOpen(path: url.path, reason: reason))
            }
        }
    }

    func testWhitespaceAndEscapesThatTheFormatAllowsAreAccepted() throws {
        // Valid variations a strict parser must not reject: whitespace everywhere, escaped names, an
        // empty metadata object, an escaped slash, keys in any order, entries out of offset order.
        let scratch = ScratchFolder()
        let header = " \n{ \"__metadata__\" : { } ,\t\"b\\/c\" : { \"data_offsets\" : [ 8 , 16 ] , \"shape\" : [ 2 ] , \"dtype\" : \"F32\" , \"extra\" : null } ,"
            + " \"\\u0061\" : {\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]} }\r\n   "
        let url = scratch.write(Self.file(header, RawFiles.le([Float(1), 2, 3, 4])), to: "ok.safetensors")
        let f = try SafeTensorsFile(contentsOf: url)
        XCTAssertEqual(f.names, ["a", "b/c"])
        XCTAssertEqual(try f.floats("a"), [1, 2])
        XCTAssertEqual(try f.floats("b/c"), [3, 4])
    }
}
