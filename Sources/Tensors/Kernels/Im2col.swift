// im2col / col2im: the patch matrix that turns a convolution into a GEMM.
//
//   x     (Cg, H, W)               one image, one group's channels
//   cols  (Cg·kh·kw, R·Wo)         cols[(c·kh + i)·kw + j, (oh − oh₀)·Wo + ow] = x[c, oh·s − p + i, ow·s − p + j]
//                                  (0 outside) for the R output rows oh ∈ rows = oh₀..<oh₀ + R
// col2im adds cols back into x (the adjoint), for the input gradient.
// A chunk of output rows at a time keeps the patch matrix in cache: a 9x9 convolution over 64 channels
// at 96 px has a 191 MB matrix per image, most of it written and read once (see ConvGeometry.chunkRows).

extension Kernels {
    static func im2col(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, channels: Int, g: ConvGeometry,
                       rows: Range<Int>) {
        let (H, W, Wo, s, p) = (g.h, g.w, g.wo, g.stride, g.padding)
        let width = rows.count * Wo
        for c in 0..<channels {
            let plane = x + c * H * W
            for i in 0..<g.kh {
                for j in 0..<g.kw {
                    let row = cols + ((c * g.kh + i) * g.kw + j) * width
                    // Output columns whose input column ow·s − p + j lies inside [0, W).
                    let (owLo, owHi) = validColumns(j: j, W: W, Wo: Wo, s: s, p: p)
                    for oh in rows {
                        let ih = oh * s - p + i
                        let dst = row + (oh - rows.lowerBound) * Wo
                        guard ih >= 0 && ih < H, owLo < owHi else { dst.update(repeating: 0, count: Wo); continue }
                        for ow in 0..<owLo { dst[ow] = 0 }
                        let src = plane + ih * W - p + j
                        if s == 1 { (dst + owLo).update(from: src + owLo, count: owHi - owLo) }
                        else { for ow in owLo..<owHi { dst[ow] = src[ow * s] } }
                        for ow in owHi..<Wo { dst[ow] = 0 }
                    }
                }
            }
        }
    }

    /// x += col2im(cols): the adjoint of im2col (x must be initialised).
    static func col2imAdd(_ cols: UnsafePointer<Float>, _ x: UnsafeMutablePointer<Float>, channels: Int, g: ConvGeometry,
                          rows: Range<Int>) {
        let (H, W, Wo, s, p) = (g.h, g.w, g.wo, g.stride, g.padding)
        let width = rows.count * Wo
        for c in 0..<channels {
            let plane = x + c * H * W
            for i in 0..<g.kh {
                for j in 0..<g.kw {
                    let row = cols + ((c * g.kh + i) * g.kw + j) * width
                    let (owLo, owHi) = validColumns(j: j, W: W, Wo: Wo, s: s, p: p)
                    guard owLo < owHi else { continue }
                    for oh in rows {
                        let ih = oh * s - p + i
                        guard ih >= 0 && ih < H else { continue }
                        let src = row + (oh - rows.lowerBound) * Wo
                        let dst = plane + ih * W - p + j
                        if s == 1 { for ow in owLo..<owHi { dst[ow] += src[ow] } }
                        else { for ow in owLo..<owHi { dst[ow * s] += src[ow] } }
                    }
                }
            }
        }
    }

    /// The output columns ow whose input column ow·s − p + j lies in [0, W).
    @inline(__always)
    static func validColumns(j: Int, W: Int, Wo: Int, s: Int, p: Int) -> (Int, Int) {
        let lo = max(0, (p - j + s - 1) / s)     // p − j ≤ 0 gives ≤ 0 here: clamped
        let last = W - 1 + p - j                  // ow·s ≤ last
        return (lo, last < 0 ? 0 : min(Wo, last / s + 1))
    }
}
