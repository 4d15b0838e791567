// The validated header of a safetensors file: its tensor entries and its metadata.
//
// Every check the format implies is made here, once, before any tensor is read, so that reading a
// tensor afterwards is a plain copy from a span known to lie inside the file:
//   - each entry is an object with a known dtype, a shape of non-negative integers with at most
//     2^40 elements, and data_offsets [begin, end] with begin <= end <= the data area's size;
//   - element count × dtype size equals end − begin;
//   - sorted by offset, the spans tile the data area exactly: no overlap, no gap, no trailing bytes
//     (as the reference implementation, huggingface/safetensors `Metadata::validate`, requires).
// The order of entries in the JSON does not matter (writers differ), only their spans do.

struct Header {
    /// The format's limit on the header (huggingface/safetensors MAX_HEADER_SIZE).
    static let maxHeaderLength = 100_000_000
    /// More elements than any checkpoint of this project could hold; beyond it the header is corrupt.
    static let maxElements = 1 << 40

    let tensors: [String: TensorInfo]
    let metadata: [String: String]

    /// Parses and validates the header bytes of the file at `path`, whose data area has `dataSize` bytes.
    static func parse(_ bytes: UnsafeRawBufferPointer, dataSize: Int, path: String) throws(SafeTensorsError) -> Header {
        let json: HeaderJSON
        do {
            json = try HeaderJSONParser.parse(bytes)
        } catch {
            switch error.kind {
            case .notUTF8:
                throw .headerNotUTF8(path: path, byteOffset: error.byteOffset)
            case .syntax(let problem):
                throw .headerNotJSON(path: path, byteOffset: error.byteOffset, problem: problem)
            case .duplicateKey(let key, let objectPath):
                if objectPath.isEmpty { throw .duplicateName(path: path, name: key) }
                let where_ = objectPath == ["__metadata__"] ? "\"__metadata__\""
                    : "the header entry \"\(objectPath.joined(separator: "\" → \""))\""
                throw .duplicateKey(path: path, object: where_, key: key)
            }
        }
        guard case .object(let members) = json else { throw .headerNotObject(path: path) }

        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in members {
            if name == "__metadata__" {
                guard case .object(let pairs) = value else { throw .metadataNotObject(path: path) }
                for (key, v) in pairs {
                    guard case .string(let s) = v else { throw .metadataValueNotString(path: path, key: key) }
                    metadata[key] = s
                }
                continue
            }
            tensors[name] = try entry(name, value, dataSize: dataSize, path: path)
        }

        // The spans, in offset order, must tile [0, dataSize).
        let ordered = tensors.values.sorted {
            ($0.byteRange.lowerBound, $0.byteRange.upperBound, $0.name) < ($1.byteRange.lowerBound, $1.byteRange.upperBound, $1.name)
        }
        var cursor = 0
        var previous: TensorInfo? = nil
        for info in ordered {
            if info.byteRange.lowerBound < cursor, let previous {
                throw .overlappingSpans(path: path, first: previous.name, second: info.name)
            }
            if info.byteRange.lowerBound > cursor {
                throw .unusedBytes(path: path, begin: cursor, end: info.byteRange.lowerBound)
            }
            cursor = info.byteRange.upperBound
            previous = info
        }
        if cursor != dataSize { throw .unusedBytes(path: path, begin: cursor, end: dataSize) }
        return Header(tensors: tensors, metadata: metadata)
    }

    /// Validates one tensor entry on its own (the spans are checked together afterwards).
    private static func entry(_ name: String, _ value: HeaderJSON, dataSize: Int, path: String) throws(SafeTensorsError) -> TensorInfo {
        guard case .object(let fields) = value else { throw .entryNotObject(path: path, name: name) }
        func field(_ key: String) throws(SafeTensorsError) -> HeaderJSON {
            guard let v = fields.first(where: { $0.key == key })?.value else {
                throw .missingField(path: path, name: name, field: key)
            }
            return v
        }
        let dtypeValue = try field("dtype"), shapeValue = try field("shape"), offsetsValue = try field("data_offsets")

        guard case .string(let dtypeName) = dtypeValue else {
            throw .invalidField(path: path, name: name, field: "dtype", problem: "is \(dtypeValue.kindName), not a string")
        }
        guard let dtype = DType(rawValue: dtypeName) else { throw .unknownDType(path: path, name: name, dtype: dtypeName) }

        guard case .array(let dims) = shapeValue else {
            throw .invalidField(path: path, name: name, field: "shape", problem: "is \(dimsText(shapeValue)), not an array of integers")
        }
        var shape: [Int] = []
        shape.reserveCapacity(dims.count)
        for d in dims {
            guard case .number(let text, let integer) = d else {
                throw .invalidField(path: path, name: name, field: "shape", problem: "holds \(d.kindName), not an integer")
            }
            guard let n = integer else {
                if isIntegerText(text) { throw .absurdShape(path: path, name: name, shape: dimsText(shapeValue)) }
                throw .invalidField(path: path, name: name, field: "shape", problem: "holds \(text), not an integer")
            }
            shape.append(n)
        }
        if shape.contains(where: { $0 < 0 }) { throw .negativeDimension(path: path, name: name, shape: shape) }
        var count = 1
        for n in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow, n <= maxElements, product <= maxElements else {
                throw .absurdShape(path: path, name: name, shape: dimsText(shapeValue))
            }
            count = product
        }

        guard case .array(let offsets) = offsetsValue, offsets.count == 2 else {
            throw .invalidField(path: path, name: name, field: "data_offsets", problem: "is \(dimsText(offsetsValue)), not a pair [begin, end]")
        }
        var pair: [Int] = []
        for o in offsets {
            guard case .number(let text, let integer) = o, isIntegerText(text) else {
                throw .invalidField(path: path, name: name, field: "data_offsets", problem: "holds \(o.kindName), not an integer byte offset")
            }
            guard let v = integer, v >= 0 else {
                throw .invalidField(path: path, name: name, field: "data_offsets", problem: "holds \(text), not a byte offset between 0 and 2^63")
            }
            pair.append(v)
        }
        let (begin, end) = (pair[0], pair[1])
        if begin > end { throw .invertedOffsets(path: path, name: name, begin: begin, end: end) }
        if end > dataSize { throw .offsetsOutsideData(path: path, name: name, begin: begin, end: end, dataSize: dataSize) }
        let expected = count * dtype.byteSize  // <= 2^43: no overflow
        if expected != end - begin {
            throw .byteSizeMismatch(path: path, name: name, dtype: dtype, shape: shape, expectedBytes: expected, spanBytes: end - begin)
        }
        return TensorInfo(name: name, dtype: dtype, shape: shape, byteRange: begin..<end)
    }

    /// True for JSON number text written as an integer: no fraction, no exponent.
    private static func isIntegerText(_ text: String) -> Bool {
        !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// A JSON array of numbers as written (`[3, 99999999999999999999]`), for messages; other values by kind.
    private static func dimsText(_ value: HeaderJSON) -> String {
        guard case .array(let items) = value else { return value.kindName }
        let shown = items.prefix(16).map { item -> String in
            if case .number(let text, _) = item { return text }
            return item.kindName
        }
        return "[" + shown.joined(separator: ", ") + (items.count > 16 ? ", …" : "") + "]"
    }
}
