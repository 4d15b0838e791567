// Loading any image libvips reads (PNG, JPEG, and the rest) as 8-bit sRGB.
//
// Memory is bounded before anything is decoded: the file's header gives its size, and an image of more than
// `maximumPixels` is refused (a 3 MB PNG can hold 30000x30000 pixels, 2.7 GB decoded). A caller that needs the
// image smaller can have it shrunk as the file is read (`shrink`), so that the full size is never in memory.
//
// Most small PNGs (8-bit RGB/RGBA without colour management) are read by libpng alone (SimplePNGReader), with the
// same pixels; everything else goes through libvips. The chain: decode (a truncated file is an error) → EXIF orientation applied → colour space to
// 8-bit sRGB (grey, 16-bit, palette, CMYK all land here) → alpha flattened on the background the
// caller chose → any extra bands dropped.

import CVipsShim
import Foundation

/// What transparent pixels become.
public enum AlphaBackground: String, Sendable, CaseIterable {
    case black, white

    var level: Double { self == .black ? 0 : 255 }
}

extension Image {
    /// The default most pixels an image file may have to be loaded: 64 megapixels (192 MB decoded).
    public static let defaultMaximumPixels = 64_000_000

    /// Loads the image at `path`, refused when its header says it has more than `maximumPixels` pixels; `shrink` > 1
    /// makes it that many times smaller on each axis as it is read (box averages; a JPEG's own shrink-on-load).
    public init(contentsOf path: String, background: AlphaBackground = .white,
                maximumPixels: Int = Image.defaultMaximumPixels, shrink: Int = 1) throws {
        if shrink <= 1, let simple = try Image.readSimplePNG(path, background: background, maximumPixels: maximumPixels) {
            self = simple
            return
        }
        let (width, height) = try Image.dimensions(ofFile: path)
        if width * height > maximumPixels {
            throw ImagingError.tooLarge(path: path, width: width, height: height, limit: maximumPixels)
        }
        var out: OpaquePointer?
        guard shim_load_file_shrunk(path, Int32(Swift.max(1, shrink)), &out) == 0, let out else {
            throw ImagingError.undecodable(path: path, reason: Vips.takeError())
        }
        self = try Image.decode(VipsImageRef(out), name: path, background: background)
    }

    /// The width and height of the image file at `path`, from its header (no pixels are decoded).
    public static func dimensions(ofFile path: String) throws -> (width: Int, height: Int) {
        try Vips.start()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ImagingError.fileNotFound(path: path)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if size == 0 { throw ImagingError.emptyFile(path: path) }
        var width: Int32 = 0, height: Int32 = 0
        guard shim_file_dimensions(path, &width, &height) == 0 else {
            throw ImagingError.undecodable(path: path, reason: Vips.takeError())
        }
        return (Int(width), Int(height))
    }

    /// Decodes an encoded image held in memory; `name` is used in error messages.
    public init(encoded data: Data, name: String = "<memory>", background: AlphaBackground = .white) throws {
        try Vips.start()
        if data.isEmpty { throw ImagingError.emptyFile(path: name) }
        var out: OpaquePointer?
        let status = data.withUnsafeBytes { shim_load_buffer($0.baseAddress, $0.count, &out) }
        guard status == 0, let out else {
            throw ImagingError.undecodable(path: name, reason: Vips.takeError())
        }
        self = try Image.decode(VipsImageRef(out), name: name, background: background)
    }

    static func decode(_ loaded: VipsImageRef, name: String, background: AlphaBackground) throws -> Image {
        let fail = { (reason: String) in ImagingError.undecodable(path: name, reason: reason) }
        var image = try loaded.apply(fail) { shim_autorot($0, $1) }
        image = try image.apply(fail) { shim_to_srgb($0, $1) }
        if image.hasAlpha {
            image = try image.apply(fail) { shim_flatten($0, background.level, $1) }
        }
        if !image.isUChar { image = try image.apply(fail) { shim_cast_uchar($0, $1) } }
        if image.bands > 3 { image = try image.apply(fail) { shim_extract_bands($0, 0, 3, $1) } }
        guard image.bands == 3 else { throw fail("\(image.bands) bands after conversion to sRGB") }
        let width = image.width, height = image.height
        // Decoding happens here: a truncated file fails now, not at load.
        let pixels = try image.pixels(fail)
        guard pixels.count == width * height * 3 else { throw fail("decoder returned \(pixels.count) bytes") }
        return Image(width: width, height: height, pixels: pixels)
    }
}
