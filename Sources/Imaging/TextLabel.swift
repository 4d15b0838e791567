// Text for labels, rendered by libvips (vips_text: Pango + the system's fonts; fc-list shows them).

import CVipsShim

public enum TextLabel {
    /// `text` as dark grey on white, one line, about `pixelHeight` px tall (font "sans").
    public static func render(_ text: String, pixelHeight: Int = 12) throws -> Image {
        try Vips.start()
        let fail = { (reason: String) in ImagingError.operationFailed(operation: "text", reason: reason + " (are fonts installed? see fc-list)") }
        var out: OpaquePointer?
        // Pango sizes are points at `dpi`; 72 dpi makes 1 pt = 1 px.
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        guard shim_text(escaped, "sans \(pixelHeight)", 72, &out) == 0, let out else { throw fail(Vips.takeError()) }
        let mask = VipsImageRef(out)
        let w = mask.width, h = mask.height
        guard mask.bands == 1, mask.isUChar else { throw fail("unexpected text image format") }
        let coverage = try mask.pixels(fail)
        var pixels = [UInt8](repeating: 255, count: w * h * 3)
        for i in 0..<(w * h) {
            // coverage 255 = ink (grey 30), 0 = paper (255)
            let v = UInt8(255 - (Int(coverage[i]) * (255 - 30)) / 255)
            pixels[3 * i] = v; pixels[3 * i + 1] = v; pixels[3 * i + 2] = v
        }
        return Image(width: w, height: h, pixels: pixels)
    }
}
