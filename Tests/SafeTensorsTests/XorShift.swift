// A small seeded generator for the tests (xorshift64, Marsaglia 2003): the same seed, the same cases.

struct XorShift {
    private var state: UInt64

    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    /// Uniform in 0..<n (n > 0; the modulo bias is irrelevant here).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
