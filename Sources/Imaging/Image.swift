// Image: an 8-bit sRGB picture in memory.
//
// pixels is (H, W, 3): row-major, channels interleaved (R, G, B), one byte each — libvips' and
// PNG's own layout, so loading and saving copy no more than once.

public struct Image: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// (height, width, 3) uint8, row-major, RGB interleaved.
    public var pixels: [UInt8]

    public static let channels = 3

    /// An image over `pixels` (HWC RGB); the count must be width · height · 3.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0, "Image: size must be positive, got \(width)x\(height)")
        precondition(pixels.count == width * height * 3,
                     "Image(\(width)x\(height)): needs \(width * height * 3) bytes, got \(pixels.count)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A `width` x `height` image of one colour.
    public init(width: Int, height: Int, red: UInt8, green: UInt8, blue: UInt8) {
        var p = [UInt8](repeating: 0, count: width * height * 3)
        for i in 0..<(width * height) {
            p[3 * i] = red; p[3 * i + 1] = green; p[3 * i + 2] = blue
        }
        self.init(width: width, height: height, pixels: p)
    }

    /// The (R, G, B) of pixel (x, y).
    public func pixel(x: Int, y: Int) -> (UInt8, UInt8, UInt8) {
        let i = (y * width + x) * 3
        return (pixels[i], pixels[i + 1], pixels[i + 2])
    }

    /// The rectangle (x, y, width, height), which must lie inside the image.
    public func cropped(x: Int, y: Int, width w: Int, height h: Int) -> Image {
        precondition(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= width && y + h <= height,
                     "crop (\(x), \(y), \(w)x\(h)) outside a \(width)x\(height) image")
        var out = [UInt8](repeating: 0, count: w * h * 3)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for row in 0..<h {
                    let s = ((y + row) * width + x) * 3
                    dst.baseAddress!.advanced(by: row * w * 3).update(from: src.baseAddress!.advanced(by: s), count: w * 3)
                }
            }
        }
        return Image(width: w, height: h, pixels: out)
    }

    /// The largest centred square.
    public func centerSquare() -> Image {
        let side = Swift.min(width, height)
        if width == height { return self }
        return cropped(x: (width - side) / 2, y: (height - side) / 2, width: side, height: side)
    }

    /// Mirrored left to right.
    public func mirrored() -> Image {
        var out = pixels
        for y in 0..<height {
            for x in 0..<width {
                let s = (y * width + x) * 3, d = (y * width + (width - 1 - x)) * 3
                out[d] = pixels[s]; out[d + 1] = pixels[s + 1]; out[d + 2] = pixels[s + 2]
            }
        }
        return Image(width: width, height: height, pixels: out)
    }

    /// Enlarged by an integer factor, each pixel repeated (nearest), so that a person sees the pixels.
    public func enlarged(by factor: Int) -> Image {
        precondition(factor >= 1, "enlarged(by:): factor must be at least 1")
        let w = width * factor, h = height * factor
        var out = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<h {
            for x in 0..<w {
                let s = ((y / factor) * width + x / factor) * 3, d = (y * w + x) * 3
                out[d] = pixels[s]; out[d + 1] = pixels[s + 1]; out[d + 2] = pixels[s + 2]
            }
        }
        return Image(width: w, height: h, pixels: out)
    }
}
