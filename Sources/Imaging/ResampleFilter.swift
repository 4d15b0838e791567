// Resampling filters for the separable resampler: a weight function and its support (the half-width,
// in source pixels at scale 1).
//
// box, bilinear, hamming, bicubic and lanczos are Pillow's (src/libImaging/Resample.c), written from
// their definitions so that our output matches Pillow's Image.resize. mks2013 and mks2021 are John
// Costella's Magic Kernel Sharp (johncostella.com/magic), as libvips ≥ 8.15 defines them; the libvips
// installed here (8.14) has not got them, so they run here too.

import Foundation

public struct ResampleFilter: Sendable {
    public let name: String
    /// Half-width of the filter at scale 1.
    public let support: Double
    public let weight: @Sendable (Double) -> Double

    public init(name: String, support: Double, weight: @escaping @Sendable (Double) -> Double) {
        self.name = name
        self.support = support
        self.weight = weight
    }

    /// 1 on (−½, ½]: at a downscale, the average of the source pixels each output pixel covers.
    public static let box = ResampleFilter(name: "box", support: 0.5) { x in
        (x > -0.5 && x <= 0.5) ? 1 : 0
    }

    /// The triangle (tent).
    public static let bilinear = ResampleFilter(name: "bilinear", support: 1) { x in
        let a = Swift.abs(x)
        return a < 1 ? 1 - a : 0
    }

    /// sinc windowed by a Hamming window over one lobe. Pillow writes the window constants as C
    /// floats (0.54f, 0.46f), which are promoted to double: we use those exact values.
    public static let hamming = ResampleFilter(name: "hamming", support: 1) { x in
        let a = Swift.abs(x)
        if a == 0 { return 1 }
        if a >= 1 { return 0 }
        let px = a * Double.pi
        return sin(px) / px * (Double(Float(0.54)) + Double(Float(0.46)) * cos(px))
    }

    /// Keys' cubic convolution with a = −0.5 (Catmull–Rom).
    public static let bicubic = ResampleFilter(name: "bicubic", support: 2) { x in
        let a = -0.5, t = Swift.abs(x)
        if t < 1 { return ((a + 2) * t - (a + 3)) * t * t + 1 }
        if t < 2 { return (((t - 5) * t + 8) * t - 4) * a }
        return 0
    }

    /// sinc windowed by sinc(x/3) on [−3, 3).
    public static let lanczos = ResampleFilter(name: "lanczos", support: 3) { x in
        (-3 <= x && x < 3) ? sinc(x) * sinc(x / 3) : 0
    }

    /// Mitchell–Netravali with B = C = 1/3 (libvips' mitchell).
    public static let mitchell = ResampleFilter(name: "mitchell", support: 2) { x in
        let b = 1.0 / 3, c = 1.0 / 3, t = Swift.abs(x)
        if t < 1 { return ((12 - 9 * b - 6 * c) * t * t * t + (-18 + 12 * b + 6 * c) * t * t + (6 - 2 * b)) / 6 }
        if t < 2 { return ((-b - 6 * c) * t * t * t + (6 * b + 30 * c) * t * t + (-12 * b - 48 * c) * t + (8 * b + 24 * c)) / 6 }
        return 0
    }

    /// sinc windowed by sinc(x/2) on [−2, 2) (libvips' lanczos2).
    public static let lanczos2 = ResampleFilter(name: "lanczos2", support: 2) { x in
        (-2 <= x && x < 2) ? sinc(x) * sinc(x / 2) : 0
    }

    /// Magic Kernel Sharp 2013: the magic kernel with a 3-tap sharpening step folded in.
    public static let mks2013 = ResampleFilter(name: "mks2013", support: 2.5) { x in
        let t = Swift.abs(x)
        if t >= 2.5 { return 0 }
        if t >= 1.5 { return (t - 2.5) * (t - 2.5) / -8 }
        if t >= 0.5 { return (4 * t * t - 11 * t + 7) / 4 }
        return 17.0 / 16 - 7 * t * t / 4
    }

    /// Magic Kernel Sharp 2021: a 7-tap sharpening step, flatter passband than 2013.
    public static let mks2021 = ResampleFilter(name: "mks2021", support: 4.5) { x in
        let t = Swift.abs(x)
        if t >= 4.5 { return 0 }
        if t >= 3.5 { return (4 * t * t - 36 * t + 81) / -1152 }
        if t >= 2.5 { return (4 * t * t - 27 * t + 45) / 144 }
        if t >= 1.5 { return (24 * t * t - 113 * t + 130) / -144 }
        if t >= 0.5 { return (140 * t * t - 379 * t + 239) / 144 }
        return 577.0 / 576 - 239 * t * t / 144
    }

    static func sinc(_ x: Double) -> Double {
        if x == 0 { return 1 }
        let px = x * Double.pi
        return sin(px) / px
    }
}
