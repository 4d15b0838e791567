// Conversion between images and float tensors (NCHW, the engine's layout).
//
// uint8 v ↔ float: [0, 1] is v / 255; [-1, 1] is v / 127.5 − 1 (ProGAN's dynamic range).
// Back to uint8: clamp to the range, then round to nearest.

import Tensors

/// The float range pixel values are mapped to.
public enum PixelRange: Sendable {
    /// v / 255
    case zeroToOne
    /// v / 127.5 − 1
    case minusOneToOne

    var scale: Float { self == .zeroToOne ? 1.0 / 255 : 1.0 / 127.5 }
    /// 1 / scale, exactly (so that 0.5 maps back to 127.5 and rounds up, not to 127.49998).
    var levels: Float { self == .zeroToOne ? 255 : 127.5 }
    var offset: Float { self == .zeroToOne ? 0 : -1 }

    /// A float of this range as an 8-bit value: clipped to the range, rounded to nearest; NaN is 0. The one rule
    /// by which tensors become pixels (images, and the metrics' ImageBatch of sampled sets).
    @inline(__always)
    public func byte(_ value: Float) -> UInt8 {
        let v = (value - offset) * levels
        if v.isNaN { return 0 }
        return UInt8(Swift.min(255, Swift.max(0, v)).rounded())
    }
}

extension Image {
    /// A (1, 3, H, W) tensor.
    public func tensor(range: PixelRange) -> Tensor {
        Image.tensor([self], range: range)
    }

    /// A (N, 3, H, W) tensor of images that all have the same size.
    public static func tensor(_ images: [Image], range: PixelRange) -> Tensor {
        precondition(!images.isEmpty, "Image.tensor: no images")
        let h = images[0].height, w = images[0].width
        precondition(images.allSatisfy { $0.width == w && $0.height == h },
                     "Image.tensor: images differ in size (first is \(w)x\(h))")
        let scale = range.scale, offset = range.offset
        return Tensor(shape: [images.count, 3, h, w]) { out in
            // out is (N, 3, H, W); each image's pixels are (H, W, 3)
            for (n, image) in images.enumerated() {
                image.pixels.withUnsafeBufferPointer { src in
                    let base = out + n * 3 * h * w
                    for i in 0..<(h * w) {
                        base[i] = Float(src[3 * i]) * scale + offset
                        base[h * w + i] = Float(src[3 * i + 1]) * scale + offset
                        base[2 * h * w + i] = Float(src[3 * i + 2]) * scale + offset
                    }
                }
            }
        }
    }

    /// Image `index` of a (N, 3, H, W) tensor (values outside the range are clipped).
    public init(tensor: Tensor, index: Int = 0, range: PixelRange) {
        let shape = tensor.shape
        precondition(shape.count == 4 && shape[1] == 3,
                     "Image(tensor:): expected a (N, 3, H, W) tensor, got \(shape)")
        precondition(index >= 0 && index < shape[0], "Image(tensor:): index \(index) outside batch of \(shape[0])")
        let h = shape[2], w = shape[3]
        var pixels = [UInt8](repeating: 0, count: h * w * 3)
        tensor.withUnsafeBufferPointer { src in
            let base = src.baseAddress! + index * 3 * h * w
            for c in 0..<3 {
                for i in 0..<(h * w) { pixels[3 * i + c] = range.byte(base[c * h * w + i]) }
            }
        }
        self.init(width: w, height: h, pixels: pixels)
    }

    /// Every image of a (N, 3, H, W) tensor.
    public static func images(from tensor: Tensor, range: PixelRange) -> [Image] {
        (0..<tensor.shape[0]).map { Image(tensor: tensor, index: $0, range: range) }
    }
}
