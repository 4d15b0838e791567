// LegacyRandomState: numpy's legacy np.random.RandomState(seed) as far as torch-fidelity uses it — MT19937 with
// its integer seeding, permutation and choice(replace=False) — so KID's subsets and IS's shuffle are the very
// ones torch-fidelity draws (torch_fidelity/metric_kid.py, metric_isc.py: RandomState(rng_seed), default 2020).
//
// numpy/random/src/mt19937/mt19937.c (mt19937_seed, mt19937_gen), numpy/random/src/legacy/… and
// numpy/random/mtrand.pyx: permutation(n) = shuffle(arange(n)); shuffle swaps x[i] and x[random_interval(i)]
// for i = n−1 … 1; random_interval(max) draws 32-bit outputs masked to the smallest all-ones mask ≥ max until one
// is ≤ max; choice(n, size, replace=False) = permutation(n)[:size].

public struct LegacyRandomState: Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var position = 624

    /// RandomState(seed) for an integer seed in 0 ..< 2³² (mt19937_seed: Knuth's initialisation).
    public init(seed: UInt32) {
        var s = seed
        for i in 0..<624 {
            state[i] = s
            s = 1_812_433_253 &* (s ^ (s >> 30)) &+ UInt32(i + 1)
        }
    }

    /// The next 32-bit output of MT19937.
    public mutating func nextUInt32() -> UInt32 {
        if position >= 624 { regenerate() }
        var y = state[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func regenerate() {
        let upper: UInt32 = 0x8000_0000, lower: UInt32 = 0x7FFF_FFFF, matrixA: UInt32 = 0x9908_B0DF
        for i in 0..<624 {
            let y = (state[i] & upper) | (state[(i + 1) % 624] & lower)
            state[i] = state[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? matrixA : 0)
        }
        position = 0
    }

    /// A uniform integer in 0...max (numpy's random_interval, for max < 2³²).
    public mutating func interval(_ max: Int) -> Int {
        precondition(max >= 0 && max <= Int(UInt32.max), "LegacyRandomState.interval: \(max) outside 0 ..< 2³²")
        if max == 0 { return 0 }
        var mask = UInt32(max)
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16
        while true {
            let value = nextUInt32() & mask
            if value <= UInt32(max) { return Int(value) }
        }
    }

    /// RandomState.permutation(n): 0..<n shuffled.
    public mutating func permutation(_ n: Int) -> [Int] {
        var x = Array(0..<n)
        var i = n - 1
        while i >= 1 {
            let j = interval(i)
            x.swapAt(i, j)
            i -= 1
        }
        return x
    }

    /// RandomState.choice(n, size, replace=False): the first `size` of a permutation of 0..<n.
    public mutating func choiceWithoutReplacement(_ n: Int, _ size: Int) -> [Int] {
        precondition(size >= 0 && size <= n, "LegacyRandomState.choice: cannot take \(size) of \(n) without replacement")
        return Array(permutation(n).prefix(size))
    }
}
