// RandomSubset: which images of a set an evaluation uses when it asks for fewer than the set holds.
//
// Taking the first N would bias a metric whenever the set is ordered (file names group an emoji's skin
// tones; a prepared data set keeps the folder's order). The official ProGAN code reads its data set in
// an order shuffled once with a fixed seed, so a seeded random subset is the closer match.

import Tensors

public enum RandomSubset {
    /// k distinct indices of 0..<n in increasing order, the same for the same seed (all of them when k ≥ n).
    public static func indices(choosing k: Int, of n: Int, seed: UInt64) -> [Int] {
        guard k < n else { return Array(0..<n) }
        // The first k steps of a Fisher–Yates shuffle pick a uniform k-subset.
        var order = Array(0..<n), rng = RNG(seed: seed)
        for i in 0..<k { order.swapAt(i, i + rng.nextInt(n - i)) }
        return order[0..<k].sorted()
    }
}
