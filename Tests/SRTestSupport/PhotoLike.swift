// PhotoLike: seeded stand-ins for photographs (smooth gradients with noise), of any size, and the grey-level
// differences of two images as a person reads them (p99.9 and max).

import Foundation
import Imaging
import Tensors

public enum PhotoLike {
    /// A `width` x `height` image: a sine gradient per channel plus uniform noise of ±30 grey levels.
    public static func image(width: Int, height: Int, seed: UInt64) -> Image {
        var rng = RNG(seed: seed)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 {
                    let smooth = 127.5 + 80 * sin(Double(x) * 0.05 * Double(c + 1) + Double(y) * 0.031)
                    let noise = Double(rng.nextFloat() - 0.5) * 60
                    pixels[(y * width + x) * 3 + c] = UInt8(max(0, min(255, smooth + noise)).rounded())
                }
            }
        }
        return Image(width: width, height: height, pixels: pixels)
    }

    /// p99.9 and max of |a − b| over all bytes, and the number of distinct values in `a`.
    public static func differences(_ a: Image, _ b: Image) -> (p999: Int, max: Int, distinct: Int) {
        precondition(a.width == b.width && a.height == b.height, "differences: \(a.width)x\(a.height) vs \(b.width)x\(b.height)")
        var histogram = [Int](repeating: 0, count: 256)
        for (x, y) in zip(a.pixels, b.pixels) { histogram[abs(Int(x) - Int(y))] += 1 }
        var seen = 0, p999 = 0
        for (d, n) in histogram.enumerated() {
            seen += n
            if Double(seen) >= 0.999 * Double(a.pixels.count) { p999 = d; break }
        }
        return (p999, histogram.lastIndex { $0 > 0 } ?? 0, Set(a.pixels).count)
    }
}
