// The random Inception-v3 weights of the conformance fixture, computed bit for bit as
// Tests/Fixtures/inception/make_inception_fixtures.py computes them (its docstring gives the rule): a pure
// function of each key's name and shape, so the ~90 MB of weights need not be committed.

import Foundation
import Inception
import SafeTensors
import Tensors

public enum RandomInceptionWeights {
    /// FNV-1a 64 of the key's UTF-8 bytes.
    static func fnv1a64(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 { h ^= UInt64(b); h = h &* 0x100_0000_01B3 }
        return h
    }

    /// u_1 … u_count of the key: SplitMix64's outputs from seed(key), top 24 bits over 2^24.
    static func uniforms(_ key: String, count: Int) -> [Double] {
        let seed = fnv1a64(key)
        return (0..<count).map { i -> Double in
            var z = seed &+ UInt64(i + 1) &* 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 40) / Double(1 << 24)
        }
    }

    /// The value of every element of `key`, float32 of the double expression of the fixture script.
    static func values(_ key: String, shape: [Int]) -> [Float] {
        let u = uniforms(key, count: shape.reduce(1, *))
        let v: [Double]
        if key.hasSuffix(".conv.weight") {
            let fanIn = shape.dropFirst().reduce(1, *)
            let bound = (6.0 / Double(fanIn)).squareRoot()
            v = u.map { (2 * $0 - 1) * bound }
        } else if key.hasSuffix(".bn.weight") || key.hasSuffix(".bn.running_var") {
            v = u.map { 0.5 + $0 }
        } else if key.hasSuffix(".bn.bias") || key.hasSuffix(".bn.running_mean") || key == "fc.bias" {
            v = u.map { 0.2 * (2 * $0 - 1) }
        } else if key == "fc.weight" {
            let bound = (3.0 / 2048).squareRoot()
            v = u.map { (2 * $0 - 1) * bound }
        } else {
            fatalError("RandomInceptionWeights: no rule for key \(key)")
        }
        return v.map { Float($0) }
    }

    /// The whole state dict for the network's own keys and shapes.
    public static func stateDict(for model: InceptionV3) -> [String: Tensor] {
        var state: [String: Tensor] = [:]
        for (key, tensor) in model.namedState() { state[key] = Tensor(shape: tensor.shape, data: values(key, shape: tensor.shape)) }
        return state
    }

    /// The random weights written as a user's weights file would be (keys sorted), at `url`.
    public static func write(to url: URL) throws {
        var writer = SafeTensorsWriter()
        for (key, tensor) in stateDict(for: InceptionV3()).sorted(by: { $0.key < $1.key }) {
            writer.add(key, shape: tensor.shape, floats: tensor.toArray())
        }
        try writer.write(to: url)
    }
}
