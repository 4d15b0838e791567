// Hand-made PNG files for the loading tests: any colour type and bit depth, optional palette,
// transparency and EXIF chunks, written from raw bytes (zlib "stored" blocks, so no compressor is
// needed) — the odd images a user's folder may hold, without depending on an encoder that cannot
// make them.

import Foundation

enum PNGBytes {
    /// A PNG of `width` x `height` with `colorType` (0 grey, 2 RGB, 3 palette, 4 grey+alpha,
    /// 6 RGBA), `bitDepth` (8 or 16) and unfiltered scanlines `rows` (each without the filter byte).
    static func make(width: Int, height: Int, colorType: UInt8, bitDepth: UInt8 = 8, rows: [[UInt8]],
                     palette: [UInt8]? = nil, transparency: [UInt8]? = nil, exif: [UInt8]? = nil) -> Data {
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var ihdr = [UInt8]()
        ihdr += be32(UInt32(width)) + be32(UInt32(height)) + [bitDepth, colorType, 0, 0, 0]
        png += chunk("IHDR", ihdr)
        if let palette { png += chunk("PLTE", palette) }
        if let transparency { png += chunk("tRNS", transparency) }
        if let exif { png += chunk("eXIf", exif) }
        var raw = [UInt8]()
        for row in rows { raw.append(0); raw += row }
        png += chunk("IDAT", zlibStored(raw))
        png += chunk("IEND", [])
        return png
    }

    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }

    static func chunk(_ type: String, _ data: [UInt8]) -> Data {
        let typeBytes = Array(type.utf8)
        return Data(be32(UInt32(data.count)) + typeBytes + data + be32(crc32(typeBytes + data)))
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return c ^ 0xFFFF_FFFF
    }

    /// zlib stream of uncompressed ("stored") deflate blocks.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var i = 0
        repeat {
            let n = min(65535, data.count - i)
            let last: UInt8 = i + n == data.count ? 1 : 0
            out += [last, UInt8(n & 255), UInt8(n >> 8), UInt8(~n & 255), UInt8((~n >> 8) & 255)]
            out += data[i..<(i + n)]
            i += n
        } while i < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for x in data { a = (a + UInt32(x)) % 65521; b = (b + a) % 65521 }
        return out + be32(b << 16 | a)
    }
}
