// Test images: deterministic smooth-plus-noise RGB batches (natural-image-like statistics matter for
// SWD: a smooth image has a small Laplacian, noise a large one).

import Metrics

enum TestImages {
    /// `count` images (3, size, size): blobs of colour on a light background, plus `noise` (0…255 amplitude).
    static func batch(count: Int, size: Int, seed: UInt64, noise: Double = 0) -> ImageBatch {
        var rng = SplitMix(seed: seed)
        var px = [UInt8](repeating: 0, count: count * 3 * size * size)
        for n in 0..<count {
            let cx = Double.random(in: 0.3...0.7, using: &rng) * Double(size)
            let cy = Double.random(in: 0.3...0.7, using: &rng) * Double(size)
            let radius = Double.random(in: 0.15...0.35, using: &rng) * Double(size)
            let colour = (0..<3).map { _ in Double.random(in: 0...255, using: &rng) }
            for c in 0..<3 {
                for y in 0..<size {
                    for x in 0..<size {
                        let d = ((Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)).squareRoot()
                        let t = max(0, min(1, (radius - d) / 2 + 0.5))
                        var v = 240 * (1 - t) + colour[c] * t
                        if noise > 0 { v += noise * (Double.random(in: 0..<1, using: &rng) - 0.5) }
                        px[((n * 3 + c) * size + y) * size + x] = UInt8(max(0, min(255, v.rounded())))
                    }
                }
            }
        }
        return ImageBatch(count: count, channels: 3, height: size, width: size, pixels: px)
    }
}
