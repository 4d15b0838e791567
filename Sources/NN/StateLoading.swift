// Loading a state dict into a module by key, PyTorch's `load_state_dict`: every problem is collected
// before anything is loaded, so that one error shows everything that is wrong with a foreign checkpoint.

import Foundation
import SafeTensors
import Tensors

/// A key whose tensor has another shape in the source than in the module.
public struct ShapeMismatch: Equatable, CustomStringConvertible {
    public let key: String
    public let expected: [Int]
    public let found: [Int]

    public init(key: String, expected: [Int], found: [Int]) {
        (self.key, self.expected, self.found) = (key, expected, found)
    }

    public var description: String { "\(key): the model has \(expected), the source \(found)" }
}

/// What a load found: keys of the module the source lacks, keys of the source the module lacks, and
/// keys whose shapes differ. Each list is sorted.
public struct LoadReport: Equatable, CustomStringConvertible {
    public var missing: [String] = []
    public var unexpected: [String] = []
    public var shapeMismatches: [ShapeMismatch] = []

    /// True when every key matched in both directions with the same shape.
    public var isExact: Bool { missing.isEmpty && unexpected.isEmpty && shapeMismatches.isEmpty }

    public var description: String {
        func list(_ items: [String]) -> String { items.map { "\n    " + $0 }.joined() }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("\(missing.count) missing key(s) (in the model, not in the source):" + list(missing)) }
        if !unexpected.isEmpty { parts.append("\(unexpected.count) unexpected key(s) (in the source, not in the model):" + list(unexpected)) }
        if !shapeMismatches.isEmpty { parts.append("\(shapeMismatches.count) shape mismatch(es):" + list(shapeMismatches.map(\.description))) }
        return parts.isEmpty ? "all keys match" : parts.joined(separator: "\n  ")
    }
}

public enum ModuleLoadError: Error, CustomStringConvertible {
    /// A strict load found keys that do not match; nothing was loaded.
    case stateDictMismatch(model: String, source: String, report: LoadReport)

    public var description: String {
        switch self {
        case let .stateDictMismatch(model, source, report):
            return "cannot load \(source) into \(model) (nothing was loaded):\n  \(report)\n"
                + "  Check that the checkpoint was saved from the same architecture and size (blocks, channels), "
                + "or load with strict: false to take the keys that match."
        }
    }
}

/// Where a load reads from: a set of keys, their shapes, and their tensors on demand (so that a file's
/// mismatching tensors are never read).
struct StateSource {
    let description: String
    let keys: [String]
    let shape: (String) throws -> [Int]
    let tensor: (String) throws -> Tensor
}

extension Module {
    /// Loads `stateDict` by key. Strict: throws `ModuleLoadError.stateDictMismatch` listing every missing
    /// key, unexpected key and shape mismatch, and loads nothing. Not strict: loads the keys that match
    /// and returns the report of the others.
    @discardableResult
    public func load(_ stateDict: [String: Tensor], strict: Bool = true) throws -> LoadReport {
        try load(from: StateSource(description: "a state dict", keys: Array(stateDict.keys),
                                   shape: { stateDict[$0]!.shape }, tensor: { stateDict[$0]! }), strict: strict)
    }

    /// Loads the tensors of `file` whose keys start with `prefix` (the prefix removed; "" takes every key).
    @discardableResult
    public func load(_ file: SafeTensorsFile, prefix: String = "", strict: Bool = true) throws -> LoadReport {
        let keys = file.names.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        let what = prefix.isEmpty ? file.url.path : "\(file.url.path) (keys under \"\(prefix)\")"
        return try load(from: StateSource(description: what, keys: keys,
                                          shape: { try file.shape(prefix + $0) }, tensor: { try Tensor(file, prefix + $0) }),
                        strict: strict)
    }

    /// Loads the safetensors file at `url` (see `load(_:prefix:strict:)`).
    @discardableResult
    public func load(contentsOf url: URL, prefix: String = "", strict: Bool = true) throws -> LoadReport {
        try load(SafeTensorsFile(contentsOf: url), prefix: prefix, strict: strict)
    }

    /// What loading `keys` with these shapes would find, without loading anything.
    func check(_ source: StateSource) throws -> LoadReport {
        var targets: [String: [Int]] = [:]
        var ignored = Set<String>()
        for (path, m) in namedModules() {
            for key in m.ignoredStateKeys { ignored.insert(Self.join(path, key)) }
        }
        for (key, p) in namedParameters() { targets[key] = p.shape }
        for (key, b) in namedBuffers() { targets[key] = b.shape }
        let sourceKeys = Set(source.keys)
        var report = LoadReport()
        report.missing = targets.keys.filter { !sourceKeys.contains($0) }.sorted()
        report.unexpected = sourceKeys.filter { targets[$0] == nil && !ignored.contains($0) }.sorted()
        for key in sourceKeys.sorted() {
            guard let expected = targets[key] else { continue }
            let found = try source.shape(key)
            if found != expected { report.shapeMismatches.append(ShapeMismatch(key: key, expected: expected, found: found)) }
        }
        return report
    }

    func load(from source: StateSource, strict: Bool) throws -> LoadReport {
        let report = try check(source)
        if strict && !report.isExact {
            throw ModuleLoadError.stateDictMismatch(model: String(describing: type(of: self)), source: source.description, report: report)
        }
        let skip = Set(report.shapeMismatches.map(\.key))
        let keys = Set(source.keys)
        // Read everything first, assign after: a read error leaves the module as it was.
        var parameters: [(Parameter, Tensor)] = []
        var buffers: [(Buffer, Tensor)] = []
        for (key, p) in namedParameters() where keys.contains(key) && !skip.contains(key) { parameters.append((p, try source.tensor(key))) }
        for (key, b) in namedBuffers() where keys.contains(key) && !skip.contains(key) { buffers.append((b, try source.tensor(key))) }
        for (p, t) in parameters { p.value = t }
        for (b, t) in buffers { b.value = t }
        return report
    }
}
