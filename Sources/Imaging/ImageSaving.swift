// Saving PNG and JPEG through libvips, chosen by the file name's extension.

import CVipsShim
import Foundation

extension Image {
    /// Writes a `.png` (lossless) or `.jpg`/`.jpeg` (`jpegQuality` 1–100) file.
    public func save(to path: String, jpegQuality: Int = 95) throws {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard ["png", "jpg", "jpeg"].contains(ext) else { throw ImagingError.unsupportedFormat(path: path) }
        let image = try VipsImageRef.from(pixels: pixels, width: width, height: height, bands: 3)
        let status = ext == "png" ? shim_pngsave(image.pointer, path)
                                  : shim_jpegsave(image.pointer, path, Int32(jpegQuality))
        if status != 0 { throw ImagingError.cannotWrite(path: path, reason: Vips.takeError()) }
    }
}
