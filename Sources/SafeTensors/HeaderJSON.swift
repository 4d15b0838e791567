// A strict JSON parser for safetensors headers.
//
// Foundation's JSONSerialization keeps one of two equal keys silently, and a checkpoint with a tensor
// named twice must be rejected, so the header is parsed here: RFC 8259 JSON, objects kept in file
// order, a duplicate key in any object an error, nesting limited (a header of a million `[` must not
// overflow the stack), integers kept exact. Everything it allocates is bounded by the header's size,
// which the reader has already checked against the file and the 100 MB limit.

/// A parsed JSON value.
indirect enum HeaderJSON {
    case object([(key: String, value: HeaderJSON)])
    case array([HeaderJSON])
    case string(String)
    /// `text` is the number as written; `integer` is its value when it is written as an integer
    /// (no fraction, no exponent) that fits in an Int.
    case number(text: String, integer: Int?)
    case bool(Bool)
    case null

    /// A short name of the value's kind, for error messages ("is a string, not an array").
    var kindName: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number(let text, _): return "the number \(text)"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }
}

/// Why a header did not parse. `objectPath` locates a duplicate key: [] is the top-level object,
/// ["w"] is the entry of tensor "w".
struct HeaderJSONError: Error {
    enum Kind { case notUTF8, syntax(String), duplicateKey(key: String, objectPath: [String]) }
    let kind: Kind
    let byteOffset: Int
}

struct HeaderJSONParser {
    /// Deeper nesting than any valid header needs (an entry's shape is at depth 3).
    static let maxDepth = 64

    private let bytes: UnsafeRawBufferPointer
    private var i = 0

    /// Parses one JSON value filling `bytes`, with optional whitespace around it (safetensors pads
    /// the header with spaces to align the data).
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(HeaderJSONError) -> HeaderJSON {
        if let bad = firstInvalidUTF8(bytes) { throw HeaderJSONError(kind: .notUTF8, byteOffset: bad) }
        var parser = HeaderJSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0, path: [])
        parser.skipWhitespace()
        if parser.i != bytes.count { throw parser.syntax("unexpected characters after the end of the JSON value") }
        return value
    }

    private init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    private func syntax(_ problem: String) -> HeaderJSONError {
        HeaderJSONError(kind: .syntax(problem), byteOffset: i)
    }

    private var atEnd: Bool { i >= bytes.count }
    private var peek: UInt8 { bytes[i] }

    private mutating func skipWhitespace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func expect(_ c: UInt8, _ what: String) throws(HeaderJSONError) {
        guard !atEnd else { throw syntax("the header ends where \(what) was expected") }
        guard peek == c else { throw syntax("expected \(what)") }
        i += 1
    }

    private mutating func parseValue(depth: Int, path: [String]) throws(HeaderJSONError) -> HeaderJSON {
        guard !atEnd else { throw syntax("the header ends where a value was expected") }
        switch peek {
        case UInt8(ascii: "{"):
            guard depth < Self.maxDepth else { throw syntax("nested deeper than \(Self.maxDepth) levels") }
            return try parseObject(depth: depth + 1, path: path)
        case UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw syntax("nested deeper than \(Self.maxDepth) levels") }
            return try parseArray(depth: depth + 1, path: path)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        default:
            throw syntax("unexpected character where a value was expected")
        }
    }

    private mutating func parseLiteral(_ word: StaticString) throws(HeaderJSONError) {
        let n = word.utf8CodeUnitCount
        guard bytes.count - i >= n else { throw syntax("the header ends inside a literal") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw syntax("invalid literal") }
        i += n
    }

    private mutating func parseObject(depth: Int, path: [String]) throws(HeaderJSONError) -> HeaderJSON {
        i += 1  // {
        var members: [(key: String, value: HeaderJSON)] = []
        var seen = Set<String>()
        skipWhitespace()
        if !atEnd, peek == UInt8(ascii: "}") { i += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard !atEnd else { throw syntax("the header ends inside an object") }
            guard peek == UInt8(ascii: "\"") else { throw syntax("expected a string key in an object") }
            let keyStart = i
            let key = try parseString()
            guard seen.insert(key).inserted else {
                throw HeaderJSONError(kind: .duplicateKey(key: key, objectPath: path), byteOffset: keyStart)
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after an object key")
            skipWhitespace()
            let value = try parseValue(depth: depth, path: path + [key])
            members.append((key, value))
            skipWhitespace()
            guard !atEnd else { throw syntax("the header ends inside an object") }
            if peek == UInt8(ascii: ",") { i += 1; continue }
            if peek == UInt8(ascii: "}") { i += 1; return .object(members) }
            throw syntax("expected ',' or '}' in an object")
        }
    }

    private mutating func parseArray(depth: Int, path: [String]) throws(HeaderJSONError) -> HeaderJSON {
        i += 1  // [
        var elements: [HeaderJSON] = []
        skipWhitespace()
        if !atEnd, peek == UInt8(ascii: "]") { i += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth, path: path))
            skipWhitespace()
            guard !atEnd else { throw syntax("the header ends inside an array") }
            if peek == UInt8(ascii: ",") { i += 1; continue }
            if peek == UInt8(ascii: "]") { i += 1; return .array(elements) }
            throw syntax("expected ',' or ']' in an array")
        }
    }

    private mutating func parseString() throws(HeaderJSONError) -> String {
        i += 1  // opening quote
        var utf8: [UInt8] = []
        while true {
            guard !atEnd else { throw syntax("the header ends inside a string") }
            let c = peek
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 { throw syntax("a control character inside a string must be escaped") }
            if c != UInt8(ascii: "\\") { utf8.append(c); i += 1; continue }
            i += 1
            guard !atEnd else { throw syntax("the header ends inside an escape") }
            let e = peek
            i += 1
            switch e {
            case UInt8(ascii: "\""): utf8.append(0x22)
            case UInt8(ascii: "\\"): utf8.append(0x5C)
            case UInt8(ascii: "/"): utf8.append(0x2F)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard bytes.count - i >= 6, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw syntax("a \\u escape holds an unpaired surrogate")
                    }
                    i += 2
                    let low = try parseHex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw syntax("a \\u escape holds an unpaired surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw syntax("a \\u escape holds an unpaired surrogate")
                }
                // Valid by construction: not a surrogate, at most 0x10FFFF.
                utf8.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
            default:
                throw syntax("invalid escape in a string")
            }
        }
        // The whole header was checked to be UTF-8 and escapes produce whole scalars, so this decodes exactly.
        return String(decoding: utf8, as: UTF8.self)
    }

    private mutating func parseHex4() throws(HeaderJSONError) -> UInt32 {
        guard bytes.count - i >= 4 else { throw syntax("the header ends inside a \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw syntax("a \\u escape needs four hex digits")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    /// RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    private mutating func parseNumber() throws(HeaderJSONError) -> HeaderJSON {
        let start = i
        var negative = false
        if peek == UInt8(ascii: "-") { negative = true; i += 1 }
        func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        guard !atEnd, isDigit(peek) else { throw syntax("a number needs digits") }
        // Accumulate as a negative Int so that Int.min fits; nil once it overflows.
        var value: Int? = 0
        if peek == UInt8(ascii: "0") {
            i += 1
            if !atEnd, isDigit(peek) { throw syntax("a number must not have a leading zero") }
        } else {
            while !atEnd, isDigit(peek) {
                let d = Int(peek - UInt8(ascii: "0"))
                if let v = value {
                    let (m, o1) = v.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.subtractingReportingOverflow(d)
                    value = (o1 || o2) ? nil : s
                }
                i += 1
            }
        }
        var integral = true
        if !atEnd, peek == UInt8(ascii: ".") {
            integral = false
            i += 1
            guard !atEnd, isDigit(peek) else { throw syntax("a number needs digits after '.'") }
            while !atEnd, isDigit(peek) { i += 1 }
        }
        if !atEnd, peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            integral = false
            i += 1
            if !atEnd, peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            guard !atEnd, isDigit(peek) else { throw syntax("a number needs digits in its exponent") }
            while !atEnd, isDigit(peek) { i += 1 }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        var integer: Int? = nil
        if integral, let v = value {
            if negative { integer = v } else if v != Int.min { integer = -v }
        }
        return .number(text: text, integer: integer)
    }

    /// The offset of the first byte that breaks UTF-8 (overlong forms, surrogates and values past
    /// U+10FFFF included), or nil when all of `bytes` is valid.
    static func firstInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF  // allowed range of the second byte
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; hi = 0x9F
            case 0xF0: length = 4; lo = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; hi = 0x8F
            default: return i
            }
            guard n - i >= length else { return i }
            guard bytes[i + 1] >= lo, bytes[i + 1] <= hi else { return i }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }
}
