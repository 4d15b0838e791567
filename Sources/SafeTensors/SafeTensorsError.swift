// Everything that can go wrong reading or writing a safetensors file. Each case names the file and
// says what is wrong in words a person can act on; the reader never traps on a malformed file.

public enum SafeTensorsError: Error, CustomStringConvertible, Equatable {
    // Reading: the file itself.
    case cannotOpen(path: String, reason: String)
    case fileTooShort(path: String, size: Int)
    case headerTooLarge(path: String, headerLength: UInt64, limit: Int)
    case headerBeyondFile(path: String, headerLength: UInt64, fileSize: Int)
    // Reading: the JSON header.
    case headerNotUTF8(path: String, byteOffset: Int)
    case headerNotJSON(path: String, byteOffset: Int, problem: String)
    case headerNotObject(path: String)
    case duplicateName(path: String, name: String)
    case duplicateKey(path: String, object: String, key: String)
    case metadataNotObject(path: String)
    case metadataValueNotString(path: String, key: String)
    // Reading: one tensor's entry.
    case entryNotObject(path: String, name: String)
    case missingField(path: String, name: String, field: String)
    case invalidField(path: String, name: String, field: String, problem: String)
    case unknownDType(path: String, name: String, dtype: String)
    case negativeDimension(path: String, name: String, shape: [Int])
    case absurdShape(path: String, name: String, shape: String)
    case byteSizeMismatch(path: String, name: String, dtype: DType, shape: [Int], expectedBytes: Int, spanBytes: Int)
    case invertedOffsets(path: String, name: String, begin: Int, end: Int)
    case offsetsOutsideData(path: String, name: String, begin: Int, end: Int, dataSize: Int)
    case overlappingSpans(path: String, first: String, second: String)
    case unusedBytes(path: String, begin: Int, end: Int)
    // Reading: asking for a tensor.
    case missingTensor(name: String, path: String)
    case wrongDType(path: String, name: String, dtype: DType, expected: [DType])
    // Writing.
    case cannotCreateTemporaryFile(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case renameFailed(from: String, to: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "\(path): cannot open the safetensors file (\(reason))."
        case let .fileTooShort(path, size):
            return "\(path): \(size) bytes is too short for a safetensors file (it must start with an 8-byte header length); the file is truncated or not safetensors."
        case let .headerTooLarge(path, length, limit):
            return "\(path): the header length field says \(length) bytes, more than the \(limit)-byte limit; the file is corrupt or not safetensors."
        case let .headerBeyondFile(path, length, size):
            return "\(path): the header length field says \(length) bytes but the file has only \(size) bytes after it; the file is truncated or corrupt."
        case let .headerNotUTF8(path, offset):
            return "\(path): the JSON header is not valid UTF-8 (at header byte \(offset)); the file is corrupt."
        case let .headerNotJSON(path, offset, problem):
            return "\(path): the header is not valid JSON at header byte \(offset): \(problem)."
        case let .headerNotObject(path):
            return "\(path): the header is JSON but not an object of tensor entries."
        case let .duplicateName(path, name):
            return "\(path): the tensor name \"\(name)\" appears twice in the header; a checkpoint must name each tensor once."
        case let .duplicateKey(path, object, key):
            return "\(path): the key \"\(key)\" appears twice in \(object)."
        case let .metadataNotObject(path):
            return "\(path): \"__metadata__\" must be an object of string values."
        case let .metadataValueNotString(path, key):
            return "\(path): the metadata value of \"\(key)\" is not a string (the format allows only strings; encode numbers and configs as text)."
        case let .entryNotObject(path, name):
            return "\(path): the header entry \"\(name)\" is not an object with dtype, shape and data_offsets."
        case let .missingField(path, name, field):
            return "\(path): the tensor \"\(name)\" has no \"\(field)\" in the header."
        case let .invalidField(path, name, field, problem):
            return "\(path): the \"\(field)\" of tensor \"\(name)\" \(problem)."
        case let .unknownDType(path, name, dtype):
            let known = DType.allCases.map(\.rawValue).joined(separator: ", ")
            return "\(path): the tensor \"\(name)\" has dtype \"\(dtype)\", which ProGANSR does not read (it reads \(known)); convert the checkpoint to float32."
        case let .negativeDimension(path, name, shape):
            return "\(path): the tensor \"\(name)\" has a negative dimension in its shape \(shape)."
        case let .absurdShape(path, name, shape):
            return "\(path): the tensor \"\(name)\" has shape \(shape), more than 2^40 elements; the header is corrupt."
        case let .byteSizeMismatch(path, name, dtype, shape, expected, span):
            return "\(path): the tensor \"\(name)\" (\(dtype.rawValue) \(shape)) needs \(expected) bytes but its data_offsets span \(span) bytes."
        case let .invertedOffsets(path, name, begin, end):
            return "\(path): the tensor \"\(name)\" has data_offsets [\(begin), \(end)], which end before they begin."
        case let .offsetsOutsideData(path, name, begin, end, size):
            return "\(path): the tensor \"\(name)\" has data_offsets [\(begin), \(end)] outside the \(size)-byte data area; the file is truncated or corrupt."
        case let .overlappingSpans(path, first, second):
            return "\(path): the bytes of tensors \"\(first)\" and \"\(second)\" overlap; each tensor must have its own span."
        case let .unusedBytes(path, begin, end):
            return "\(path): bytes \(begin)..<\(end) of the data area belong to no tensor (spans must tile the data area in order, with no gaps or trailing bytes)."
        case let .missingTensor(name, path):
            return "\(path): no tensor named \"\(name)\" in this file."
        case let .wrongDType(path, name, dtype, expected):
            return "\(path): the tensor \"\(name)\" is \(dtype.rawValue), not \(expected.map(\.rawValue).joined(separator: " or "))."
        case let .cannotCreateTemporaryFile(path, reason):
            return "\(path): cannot create the temporary file to write the checkpoint (\(reason)); check that the folder exists and is writable."
        case let .writeFailed(path, reason):
            return "\(path): writing the checkpoint failed (\(reason)); the previous file, if any, is untouched."
        case let .renameFailed(from, to, reason):
            return "\(to): cannot move the finished temporary file \(from) into place (\(reason)); the previous file, if any, is untouched."
        }
    }
}
