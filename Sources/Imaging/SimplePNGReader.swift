// The common small PNG (8-bit RGB or RGBA, no colour management) read by libpng alone, without libvips' per-call
// set-up: about 10x faster for the 64-px images `eval` reads by the thousand, with the same pixels (alpha
// flattened as libvips does; the loading tests compare the two paths). Any other file gets nil, for libvips.

import CPNGShim
import Foundation

extension Image {
    /// The image at `path` when it is such a PNG; nil otherwise (including a file libpng cannot read: the libvips
    /// path then says why). Throws when its header has more than `maximumPixels` pixels.
    public static func readSimplePNG(_ path: String, background: AlphaBackground, maximumPixels: Int) throws -> Image? {
        var width: Int32 = 0, height: Int32 = 0
        var pixels: UnsafeMutablePointer<UInt8>?
        switch shim_png_read_simple(path, maximumPixels, Int32(background.level), &width, &height, &pixels) {
        case 0:
            guard let pixels else { return nil }
            defer { free(pixels) }
            let count = Int(width) * Int(height) * 3
            return Image(width: Int(width), height: Int(height), pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
        case 2:
            throw ImagingError.tooLarge(path: path, width: Int(width), height: Int(height), limit: maximumPixels)
        default:
            return nil
        }
    }
}
