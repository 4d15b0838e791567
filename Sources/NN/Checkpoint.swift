// Checkpoints: modules' state dicts, optimisers' states and metadata strings in one safetensors file,
// written atomically (SafeTensorsWriter: temporary file, fsync, rename), so that a run killed while
// saving keeps its previous checkpoint.
//
// Keys: each part has a name, and its keys are written under "<name>." ("generator.conv1.0.weight",
// "adam_g.conv1.0.weight.exp_avg"); a module saved under the name "" keeps its bare PyTorch keys, so the
// file loads directly into the PyTorch model (`model.load_state_dict(safetensors.torch.load_file(path))`
// after removing any optimiser keys). Adam's hyper-parameters go to the metadata as JSON under
// "<name>.hyperparameters".

import Foundation
import SafeTensors
import Tensors

public enum Checkpoint {
    /// Writes `modules` and `optimizers` (each under its name) and `metadata` to `url`, atomically.
    public static func save(to url: URL, modules: [String: Module], optimizers: [String: Adam] = [:],
                            metadata: [String: String] = [:]) throws {
        var meta = metadata
        var tensors: [(String, Tensor)] = []
        for (part, module) in modules {
            for (key, t) in module.namedState() { tensors.append((prefixed(part, key), t)) }
        }
        for (part, adam) in optimizers {
            precondition(!part.isEmpty, "Checkpoint: an optimiser needs a name (its keys would mix with the model's)")
            for (key, t) in adam.stateDict() { tensors.append((prefixed(part, key), t)) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys   // the same state gives the same file, byte for byte
            let json = try encoder.encode(adam.hyperparameters)
            meta[part + ".hyperparameters"] = String(decoding: json, as: UTF8.self)
        }
        // Never a checkpoint with a NaN or an infinity: it would replace (and prune) a good one.
        if let bad = tensors.first(where: { !$0.1.isAllFinite }) { throw CheckpointError.nonFinite(path: url.path, tensor: bad.0) }
        var writer = SafeTensorsWriter(metadata: meta)
        var written = Set<String>()
        for (name, t) in tensors {
            precondition(written.insert(name).inserted, "Checkpoint: two parts write the key \"\(name)\"; give them distinct names")
            writer.add(name, shape: t.shape, floats: t.toArray())
        }
        try writer.write(to: url)
    }

    /// Saves one module with bare PyTorch keys, optionally its optimiser (under "optimizer.") and metadata.
    public static func save(_ module: Module, optimizer: Adam? = nil, metadata: [String: String] = [:], to url: URL) throws {
        try save(to: url, modules: ["": module], optimizers: optimizer.map { ["optimizer": $0] } ?? [:], metadata: metadata)
    }

    /// Loads each part of `modules` and `optimizers` from the keys under its name (the "" part takes the
    /// keys under no other part's name, nor under a name in `skipping`) and returns the file's metadata. Strict: every module must match
    /// its keys exactly (`ModuleLoadError` lists all problems). Modules are loaded one after the other:
    /// load into fresh models if a failure must leave nothing changed.
    @discardableResult
    public static func load(from url: URL, modules: [String: Module], optimizers: [String: Adam] = [:],
                            skipping: [String] = [], strict: Bool = true) throws -> [String: String] {
        let file = try SafeTensorsFile(contentsOf: url)
        let named = Set(modules.keys).union(optimizers.keys).union(skipping).filter { !$0.isEmpty }
        func keys(of part: String) -> [String] {
            if part.isEmpty { return file.names.filter { name in !named.contains { name.hasPrefix($0 + ".") } } }
            return file.names.filter { $0.hasPrefix(part + ".") }.map { String($0.dropFirst(part.count + 1)) }
        }
        var adamStates: [(Adam, [String: Tensor], AdamHyperparameters?)] = []
        for (part, adam) in optimizers {
            var dict: [String: Tensor] = [:]
            for key in keys(of: part) { dict[key] = try Tensor(file, prefixed(part, key)) }
            let h = try file.metadata[part + ".hyperparameters"].map { try JSONDecoder().decode(AdamHyperparameters.self, from: Data($0.utf8)) }
            adamStates.append((adam, dict, h))
        }
        for (part, module) in modules {
            let source = StateSource(description: "\(url.path) (part \"\(part)\")", keys: keys(of: part),
                                     shape: { try file.shape(prefixed(part, $0)) }, tensor: { try Tensor(file, prefixed(part, $0)) })
            _ = try module.load(from: source, strict: strict)
        }
        for (adam, dict, h) in adamStates {
            try adam.load(dict)
            if let h { adam.hyperparameters = h }
        }
        return file.metadata
    }

    /// Loads a file written by `save(_:optimizer:metadata:to:)` (the optimiser's keys are skipped when no
    /// optimiser is given); returns its metadata.
    @discardableResult
    public static func load(_ module: Module, optimizer: Adam? = nil, from url: URL, strict: Bool = true) throws -> [String: String] {
        try load(from: url, modules: ["": module], optimizers: optimizer.map { ["optimizer": $0] } ?? [:],
                 skipping: ["optimizer"], strict: strict)
    }

    static func prefixed(_ part: String, _ key: String) -> String { part.isEmpty ? key : part + "." + key }
}

public enum CheckpointError: Error, CustomStringConvertible {
    case nonFinite(path: String, tensor: String)

    public var description: String {
        switch self {
        case .nonFinite(let path, let tensor):
            return "not writing \(path): \(tensor) holds NaN or infinite values (the previous checkpoints are kept)"
        }
    }
}
