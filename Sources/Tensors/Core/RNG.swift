// RNG: the one explicit, seedable random number generator (xoshiro256**, Blackman & Vigna 2018).
// Passed by `inout` to everything random, so a run is reproduced by its seed, and its state
// (four words) is saved in checkpoints for a bit-exact resume.

public struct RNG: RandomNumberGenerator, Sendable, Equatable {
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        // splitmix64 expands the seed into the four state words (as the xoshiro authors recommend).
        var z = seed
        func splitmix() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            return x ^ (x >> 31)
        }
        state = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    /// Restores a generator from `stateWords` (as saved from `stateWords`).
    public init(stateWords w: [UInt64]) {
        precondition(w.count == 4, "RNG(stateWords:) needs 4 words")
        state = (w[0], w[1], w[2], w[3])
    }

    /// The whole state, to save in a checkpoint.
    public var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    /// Uniform in [0, 1) with 24 random bits.
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// Uniform integer in 0..<n.
    public mutating func nextInt(_ n: Int) -> Int {
        Int(next() % UInt64(n))
    }

    /// Standard normal sample (Box–Muller in double precision; the generator keeps no spare, so its
    /// state stays four words).
    public mutating func nextNormal() -> Float {
        boxMuller().0
    }

    /// Fills `n` floats with standard normal samples, using both outputs of each Box–Muller pair.
    public mutating func fillNormal(_ p: UnsafeMutablePointer<Float>, count n: Int, mean: Float = 0, std: Float = 1) {
        var i = 0
        while i + 1 < n {
            let (a, b) = boxMuller()
            p[i] = mean + std * a; p[i + 1] = mean + std * b
            i += 2
        }
        if i < n { p[i] = mean + std * boxMuller().0 }
    }

    private mutating func boxMuller() -> (Float, Float) {
        var u1 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
        if u1 < 1e-300 { u1 = 1e-300 }
        let u2 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
        let r = (-2 * _log(u1)).squareRoot()
        let theta = 2 * Double.pi * u2
        return (Float(r * _cos(theta)), Float(r * _sin(theta)))
    }

    public static func == (a: RNG, b: RNG) -> Bool { a.stateWords == b.stateWords }
}

@inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

#if canImport(Glibc)
import Glibc
@inline(__always) private func _log(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) private func _sin(_ x: Double) -> Double { Glibc.sin(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#else
import Darwin
@inline(__always) private func _log(_ x: Double) -> Double { Darwin.log(x) }
@inline(__always) private func _sin(_ x: Double) -> Double { Darwin.sin(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
