// ImageBatch: the images the metrics read: uint8, NCHW (count, channels, height, width), RGB.
//
// The metrics are defined on 8-bit images (ProGAN feeds uint8 minibatches to its metrics), so this is
// the one input type: a data set, a folder of PNGs or a generator's output is converted to it first.

public struct ImageBatch: Sendable, Equatable {
    /// Number of images (N).
    public let count: Int
    /// Channels per image (C; 3 for RGB).
    public let channels: Int
    /// Rows (H).
    public let height: Int
    /// Columns (W).
    public let width: Int
    /// The pixels, (N, C, H, W) row-major.
    public var pixels: [UInt8]

    /// Wraps `pixels` laid out (count, channels, height, width).
    public init(count: Int, channels: Int, height: Int, width: Int, pixels: [UInt8]) {
        precondition(count >= 0 && channels > 0 && height > 0 && width > 0,
                     "ImageBatch: bad shape (\(count), \(channels), \(height), \(width))")
        precondition(pixels.count == count * channels * height * width,
                     "ImageBatch: \(pixels.count) bytes for shape (\(count), \(channels), \(height), \(width))")
        self.count = count
        self.channels = channels
        self.height = height
        self.width = width
        self.pixels = pixels
    }

    /// Bytes per image (C·H·W).
    public var imageSize: Int { channels * height * width }

    /// The shape as [N, C, H, W].
    public var shape: [Int] { [count, channels, height, width] }

    /// Images `range` as a batch of their own.
    public func slice(_ range: Range<Int>) -> ImageBatch {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "ImageBatch.slice: \(range) outside 0..<\(count)")
        let s = imageSize
        return ImageBatch(count: range.count, channels: channels, height: height, width: width,
                          pixels: Array(pixels[range.lowerBound * s ..< range.upperBound * s]))
    }

    /// The images of `indices`, in that order, as a new batch.
    public func gathering(_ indices: [Int]) -> ImageBatch {
        let s = imageSize
        var out = [UInt8](repeating: 0, count: indices.count * s)
        for (k, i) in indices.enumerated() {
            precondition(i >= 0 && i < count, "ImageBatch.gathering: index \(i) outside 0..<\(count)")
            out.withUnsafeMutableBufferPointer { o in
                pixels.withUnsafeBufferPointer { p in
                    (o.baseAddress! + k * s).update(from: p.baseAddress! + i * s, count: s)
                }
            }
        }
        return ImageBatch(count: indices.count, channels: channels, height: height, width: width, pixels: out)
    }

    /// Joins batches of one image shape.
    public static func concatenating(_ batches: [ImageBatch]) -> ImageBatch {
        precondition(!batches.isEmpty, "ImageBatch.concatenating: no batches")
        let f = batches[0]
        for b in batches {
            precondition(b.channels == f.channels && b.height == f.height && b.width == f.width,
                         "ImageBatch.concatenating: shapes \(b.shape) and \(f.shape) differ")
        }
        return ImageBatch(count: batches.reduce(0) { $0 + $1.count }, channels: f.channels, height: f.height,
                          width: f.width, pixels: batches.flatMap(\.pixels))
    }
}

extension ImageBatch {
    /// A batch from same-sized images given as interleaved (H, W, C) bytes (libvips' and PNG's layout).
    public init(interleaved images: [[UInt8]], channels: Int = 3, height: Int, width: Int) {
        let plane = height * width
        var px = [UInt8](repeating: 0, count: images.count * channels * plane)
        for (n, image) in images.enumerated() {
            precondition(image.count == channels * plane, "ImageBatch(interleaved:): image \(n) has \(image.count) bytes, not \(height)·\(width)·\(channels)")
            for i in 0..<plane { for c in 0..<channels { px[(n * channels + c) * plane + i] = image[i * channels + c] } }
        }
        self.init(count: images.count, channels: channels, height: height, width: width, pixels: px)
    }
}
