// A separable resampler with Pillow's arithmetic (src/libImaging/Resample.c), for the filters that
// libvips lacks.
//
// Shapes: the input image is (inH, inW, 3) uint8, the output (outH, outW, 3) uint8.
// Per axis, output pixel i is centred at source coordinate c = (i + ½) · scale (scale = in / out);
// its taps are the source pixels x in [round(c − support'), round(c + support')) with weight
// filter((x − c + ½) / s), normalised to sum 1, where s = max(scale, 1) stretches the filter when
// shrinking (so it averages, i.e. antialiases) and support' = support · s.
// Weights are fixed point with 22 fraction bits; the horizontal pass runs first and rounds to
// uint8, then the vertical pass — exactly Pillow's order, so results match Pillow's to the level.

import Foundation
import Tensors

public enum SeparableResampler {
    /// Pillow's PRECISION_BITS: 32 − 8 (pixel) − 2 (headroom for filters with negative lobes).
    static let precisionBits: Int32 = 22

    /// The taps of one axis: for output i, `first[i]` and `count[i]` source pixels with weights
    /// `weights[i * taps ..< i * taps + count[i]]`.
    struct Axis {
        var first: [Int32]
        var count: [Int32]
        var weights: [Int32]
        var taps: Int
    }

    static func axis(inSize: Int, outSize: Int, filter: ResampleFilter) -> Axis {
        let scale = Double(inSize) / Double(outSize)
        let filterScale = Swift.max(scale, 1)
        let support = filter.support * filterScale
        let taps = Int(support.rounded(.up)) * 2 + 1
        var axis = Axis(first: [Int32](repeating: 0, count: outSize), count: [Int32](repeating: 0, count: outSize),
                        weights: [Int32](repeating: 0, count: outSize * taps), taps: taps)
        var w = [Double](repeating: 0, count: taps)
        let inverse = 1 / filterScale
        for i in 0..<outSize {
            let center = (Double(i) + 0.5) * scale
            // (int)(v + 0.5) in C truncates toward zero, as Int(_: Double) does.
            let lo = Swift.max(Int(center - support + 0.5), 0)
            let hi = Swift.min(Int(center + support + 0.5), inSize)
            let n = hi - lo
            var total = 0.0
            for x in 0..<n {
                w[x] = filter.weight((Double(x + lo) - center + 0.5) * inverse)
                total += w[x]
            }
            for x in 0..<n {
                let v = total != 0 ? w[x] / total : w[x]
                let scaled = v * Double(1 << precisionBits)
                axis.weights[i * taps + x] = Int32(v < 0 ? scaled - 0.5 : scaled + 0.5)
            }
            axis.first[i] = Int32(lo)
            axis.count[i] = Int32(n)
        }
        return axis
    }

    /// `image` resampled to `width` x `height` with `filter`. Rows are split across cores only for
    /// large outputs; small images (a data set's) are done one per core by the caller.
    public static func resize(_ image: Image, width: Int, height: Int, filter: ResampleFilter) -> Image {
        precondition(width > 0 && height > 0, "SeparableResampler: output size must be positive, got \(width)x\(height)")
        var current = image
        if width != image.width {
            current = horizontal(current, width: width, axis: axis(inSize: image.width, outSize: width, filter: filter))
        }
        if height != image.height {
            current = vertical(current, height: height, axis: axis(inSize: image.height, outSize: height, filter: filter))
        }
        return current
    }

    /// Work (output pixels) above which one image's rows are split across cores.
    static let parallelPixels = 1 << 17

    @inline(__always)
    static func clip8(_ sum: Int32) -> UInt8 {
        let v = sum >> precisionBits
        return v < 0 ? 0 : (v > 255 ? 255 : UInt8(truncatingIfNeeded: v))
    }

    // in is (H, inW, 3), out is (H, outW, 3)
    static func horizontal(_ image: Image, width outW: Int, axis: Axis) -> Image {
        let h = image.height, inW = image.width, taps = axis.taps
        var out = [UInt8](repeating: 0, count: h * outW * 3)
        let half: Int32 = 1 << (precisionBits - 1)
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                axis.weights.withUnsafeBufferPointer { k in
                    let s = src.baseAddress!, d = dst.baseAddress!
                    let grain = h * outW >= parallelPixels ? 8 : h
                    Parallel.forRange(h, grain: grain) { rows in
                        for y in rows {
                            let row = s + y * inW * 3, outRow = d + y * outW * 3
                            for i in 0..<outW {
                                let lo = Int(axis.first[i]), n = Int(axis.count[i])
                                var r = half, g = half, b = half
                                let kw = k.baseAddress! + i * taps
                                var p = row + lo * 3
                                for t in 0..<n {
                                    let wt = kw[t]
                                    r &+= Int32(p[0]) &* wt
                                    g &+= Int32(p[1]) &* wt
                                    b &+= Int32(p[2]) &* wt
                                    p += 3
                                }
                                outRow[3 * i] = clip8(r); outRow[3 * i + 1] = clip8(g); outRow[3 * i + 2] = clip8(b)
                            }
                        }
                    }
                }
            }
        }
        return Image(width: outW, height: h, pixels: out)
    }

    // in is (inH, W, 3), out is (outH, W, 3)
    static func vertical(_ image: Image, height outH: Int, axis: Axis) -> Image {
        let w = image.width, taps = axis.taps, rowLength = w * 3
        var out = [UInt8](repeating: 0, count: outH * rowLength)
        let half: Int32 = 1 << (precisionBits - 1)
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                axis.weights.withUnsafeBufferPointer { k in
                    let s = src.baseAddress!, d = dst.baseAddress!
                    let grain = outH * w >= parallelPixels ? 8 : outH
                    Parallel.forRange(outH, grain: grain) { rows in
                        var sums = [Int32](repeating: 0, count: rowLength)
                        sums.withUnsafeMutableBufferPointer { acc in
                            let a = acc.baseAddress!
                            for j in rows {
                                let lo = Int(axis.first[j]), n = Int(axis.count[j])
                                let kw = k.baseAddress! + j * taps
                                a.update(repeating: half, count: rowLength)
                                // Accumulate whole source rows: contiguous, so the loop vectorises.
                                for t in 0..<n {
                                    let wt = kw[t], row = s + (lo + t) * rowLength
                                    for x in 0..<rowLength { a[x] &+= Int32(row[x]) &* wt }
                                }
                                let outRow = d + j * rowLength
                                for x in 0..<rowLength { outRow[x] = clip8(a[x]) }
                            }
                        }
                    }
                }
            }
        }
        return Image(width: w, height: outH, pixels: out)
    }
}
