// Tensor: an immutable n-d float32 array, and a node of the autograd graph.
//
// Layouts are PyTorch's everywhere, so that fixtures and checkpoints map one to one:
//   activations NCHW (N = batch, C = channels, H, W = spatial), convolution weights OIHW
//   ([out, in / groups, kh, kw]), linear weights [out, in]. Storage is contiguous, row-major.
//
// A tensor never changes after it is made (ops return new tensors), so sharing one is safe. A tensor
// that an op made from inputs that require gradients remembers the op (`GradNode`): its inputs and a
// backward rule written with tensor ops, which is what makes second-order gradients possible.

import Foundation

public final class Tensor: @unchecked Sendable {
    /// Size of each dimension, outermost first.
    public let shape: [Int]
    /// Number of elements (product of `shape`; 1 for a scalar of shape []).
    public let count: Int
    /// The contiguous float buffer (possibly shared with other tensors of the same data).
    public let storage: Storage
    /// True for leaves that gradients are asked for, and for every result computed from them.
    public let requiresGrad: Bool
    /// The op that made this tensor, when it was recorded for autograd.
    let node: GradNode?

    init(shape: [Int], storage: Storage, requiresGrad: Bool = false, node: GradNode? = nil) {
        self.shape = shape
        self.count = shape.reduce(1, *)
        self.storage = storage
        self.requiresGrad = requiresGrad
        self.node = node
    }

    // MARK: Making tensors

    /// A tensor of `shape` whose elements `fill` writes (the buffer starts uninitialised).
    public convenience init(shape: [Int], fill: (UnsafeMutablePointer<Float>) -> Void) {
        Tensor.checkShape(shape)
        let s = Storage(uninitializedCount: shape.reduce(1, *))
        fill(s.pointer)
        self.init(shape: shape, storage: s)
    }

    /// A tensor holding `data` (row-major) with the given shape.
    public convenience init(shape: [Int], data: [Float]) {
        Tensor.checkShape(shape)
        let n = shape.reduce(1, *)
        guard n == data.count else {
            fatalError("Tensor(shape: \(shape), data:): shape holds \(n) elements but data has \(data.count)")
        }
        self.init(shape: shape) { p in data.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: n) } }
    }

    /// A scalar (shape []).
    public convenience init(_ value: Float) {
        self.init(shape: [], data: [value])
    }

    public static func full(_ shape: [Int], _ value: Float) -> Tensor {
        Tensor(shape: shape) { p in p.update(repeating: value, count: shape.reduce(1, *)) }
    }
    public static func zeros(_ shape: [Int]) -> Tensor { full(shape, 0) }
    public static func ones(_ shape: [Int]) -> Tensor { full(shape, 1) }

    /// Samples of N(mean, std²) from `rng`.
    public static func randomNormal(_ shape: [Int], mean: Float = 0, std: Float = 1, rng: inout RNG) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape) { p in rng.fillNormal(p, count: n, mean: mean, std: std) }
    }

    /// Samples of U[low, high) from `rng`.
    public static func randomUniform(_ shape: [Int], low: Float = 0, high: Float = 1, rng: inout RNG) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape) { p in for i in 0..<n { p[i] = low + (high - low) * rng.nextFloat() } }
    }

    // MARK: Reading

    public var rank: Int { shape.count }

    /// The elements, row-major.
    public func toArray() -> [Float] {
        Array(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// The single value of a one-element tensor.
    public func item() -> Float {
        guard count == 1 else { fatalError("item(): tensor of shape \(shape) has \(count) elements, not 1") }
        return storage.pointer[0]
    }

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// Read-only pointer to the elements (valid while `self` is alive).
    var data: UnsafeMutablePointer<Float> { storage.pointer }

    // MARK: Autograd flags

    /// The same data as a new leaf that gradients can be taken with respect to.
    public func requiringGrad() -> Tensor {
        Tensor(shape: shape, storage: storage, requiresGrad: true)
    }

    /// The same data, cut from the graph: no gradient flows through the result.
    public func detached() -> Tensor {
        Tensor(shape: shape, storage: storage)
    }

    /// An independent copy of the data (a new leaf without gradient).
    public func copy() -> Tensor {
        Tensor(shape: shape) { p in p.update(from: data, count: count) }
    }

    static func checkShape(_ shape: [Int]) {
        for d in shape where d < 0 { fatalError("Tensor: negative dimension in shape \(shape)") }
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = toArray().prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor(\(shape)\(requiresGrad ? ", requiresGrad" : ""): [\(shown)\(count > 8 ? ", …" : "")])"
    }
}

/// Stops with a message that names the op and the shapes involved. Kept by -Ounchecked (unlike precondition).
@inline(__always)
func shapeCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError(message()) }
}
