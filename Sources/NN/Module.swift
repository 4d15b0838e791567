// Module: the base class of every layer and network. It finds its parameters, buffers and child
// modules itself, by reflecting over its stored properties once (MLX-Swift's approach), and names them
// with the dotted paths PyTorch's `state_dict()` uses, so that public checkpoints load by name.
//
// Naming rules (PyTorch's):
//   - a property is named after the Swift property (`conv1`), or after its `@Key("…")`;
//   - arrays of modules and `Sequential` name their elements by index (`trunk.0.rcb.1.running_mean`);
//   - a module lists its own parameters, then its own buffers, then its children's entries in the order
//     the properties are declared (superclass properties first) — the order of PyTorch's state_dict when the
//     Swift class declares its properties in the order the PyTorch module registers them.
//
// Declare parameters, buffers and child modules with `let` (or a `@Key var` that is never reassigned):
// the structure is read once and cached; the tensors inside the boxes change freely.

import Tensors

/// One entry a module declares.
public enum ModuleEntry {
    case parameter(Parameter)
    case buffer(Buffer)
    case module(Module)
}

open class Module {
    /// Training mode (the default, as in PyTorch) or evaluation mode; BatchNorm is the layer that cares.
    public private(set) var training = true

    private var cachedEntries: [(key: String, entry: ModuleEntry)]?

    public init() {}

    /// The parameters, buffers and child modules this module declares directly, with their keys.
    /// The default reflects over the stored properties; `Sequential` overrides it to name its layers by index.
    open func declaredEntries() -> [(key: String, entry: ModuleEntry)] {
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        while let m = mirror {
            mirrors.append(m)
            mirror = m.superclassMirror
        }
        var found: [(key: String, entry: ModuleEntry)] = []
        for m in mirrors.reversed() {
            for child in m.children {
                guard let label = child.label, !label.hasPrefix("$") else { continue }
                Self.collect(child.value, key: label, into: &found)
            }
        }
        return found
    }

    /// `value`'s entries under `key`: itself if it is a Parameter, Buffer or Module; its elements by index if
    /// it is an array; the wrapped value, renamed, if it is a `@Key` property; nothing otherwise.
    private static func collect(_ value: Any, key: String, into found: inout [(key: String, entry: ModuleEntry)]) {
        switch value {
        case let p as Parameter: found.append((key, .parameter(p)))
        case let b as Buffer: found.append((key, .buffer(b)))
        case let m as Module: found.append((key, .module(m)))
        case let r as RenamedProperty: collect(r.anyValue, key: r.key, into: &found)
        default:
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional:
                if let wrapped = mirror.children.first { collect(wrapped.value, key: key, into: &found) }
            case .collection:
                for (i, element) in mirror.children.enumerated() { collect(element.value, key: "\(key).\(i)", into: &found) }
            default: break
            }
        }
    }

    /// `declaredEntries()`, computed once.
    public final var entries: [(key: String, entry: ModuleEntry)] {
        if let cachedEntries { return cachedEntries }
        let e = declaredEntries()
        cachedEntries = e
        return e
    }

    /// Keys that `load` accepts in a state dict without a matching entry, relative to this module
    /// (BatchNorm2d: PyTorch's `num_batches_tracked`, which only matters for momentum = None).
    open var ignoredStateKeys: [String] { [] }

    // MARK: Walking the tree

    /// This module and every descendant, pre-order, with their paths ("" for this module). A module
    /// reachable twice (shared, or a reference back to a parent) is listed once, at its first path, as
    /// PyTorch's `named_modules()` does.
    public final func namedModules() -> [(String, Module)] {
        var out: [(String, Module)] = []
        var seen = Set<ObjectIdentifier>()
        visit(prefix: "", seen: &seen) { out.append(($0, $1)) }
        return out
    }

    private func visit(prefix: String, seen: inout Set<ObjectIdentifier>, _ body: (String, Module) -> Void) {
        guard seen.insert(ObjectIdentifier(self)).inserted else { return }
        body(prefix, self)
        for (key, entry) in entries {
            if case .module(let m) = entry { m.visit(prefix: prefix.isEmpty ? key : prefix + "." + key, seen: &seen, body) }
        }
    }

    /// Every parameter with its dotted path, in PyTorch's `named_parameters()` order.
    public final func namedParameters() -> [(String, Parameter)] {
        var out: [(String, Parameter)] = []
        for (path, m) in namedModules() {
            for (key, entry) in m.entries { if case .parameter(let p) = entry { out.append((Self.join(path, key), p)) } }
        }
        return out
    }

    /// The parameters that are not frozen (those an optimiser updates).
    public final func trainableParameters() -> [(String, Parameter)] {
        namedParameters().filter { $0.1.requiresGrad }
    }

    /// Every buffer with its dotted path.
    public final func namedBuffers() -> [(String, Buffer)] {
        var out: [(String, Buffer)] = []
        for (path, m) in namedModules() {
            for (key, entry) in m.entries { if case .buffer(let b) = entry { out.append((Self.join(path, key), b)) } }
        }
        return out
    }

    /// Parameters and buffers in PyTorch's `state_dict()` order: per module its parameters, then its buffers.
    public final func namedState() -> [(String, Tensor)] {
        var out: [(String, Tensor)] = []
        for (path, m) in namedModules() {
            for (key, entry) in m.entries { if case .parameter(let p) = entry { out.append((Self.join(path, key), p.value)) } }
            for (key, entry) in m.entries { if case .buffer(let b) = entry { out.append((Self.join(path, key), b.value)) } }
        }
        return out
    }

    /// The state dict: every parameter and buffer by its PyTorch key.
    public final func stateDict() -> [String: Tensor] {
        Dictionary(namedState(), uniquingKeysWith: { first, _ in first })
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    // MARK: Modes

    /// Sets training mode on this module and all its descendants; returns self for chaining.
    @discardableResult
    public final func train(_ on: Bool = true) -> Self {
        for (_, m) in namedModules() { m.training = on }
        return self
    }

    /// Evaluation mode (BatchNorm uses its running statistics).
    @discardableResult
    public final func eval() -> Self { train(false) }

    /// Stops gradients for every parameter (a fixed feature extractor such as VGG19).
    @discardableResult
    public final func freeze() -> Self {
        for (_, p) in namedParameters() { p.requiresGrad = false }
        return self
    }

    /// Makes every parameter trainable again.
    @discardableResult
    public final func unfreeze() -> Self {
        for (_, p) in namedParameters() { p.requiresGrad = true }
        return self
    }

    /// The number of trained scalars.
    public final var parameterCount: Int { namedParameters().reduce(0) { $0 + $1.1.value.count } }

    /// One line per state-dict entry (`key [shape]`, frozen parameters and buffers marked), then the total:
    /// what a person checks against a checkpoint's keys.
    public final var summary: String {
        var lines: [String] = []
        for (path, m) in namedModules() {
            for (key, entry) in m.entries {
                switch entry {
                case .parameter(let p): lines.append("\(Self.join(path, key)) \(p.shape)\(p.requiresGrad ? "" : " (frozen)")")
                case .buffer(let b): lines.append("\(Self.join(path, key)) \(b.shape) (buffer)")
                case .module: break
                }
            }
        }
        lines.append("\(String(describing: type(of: self))): \(parameterCount) parameters")
        return lines.joined(separator: "\n")
    }
}

/// A module that maps one tensor to one tensor (what `Sequential` chains).
public protocol UnaryLayer: Module {
    func callAsFunction(_ x: Tensor) -> Tensor
}
