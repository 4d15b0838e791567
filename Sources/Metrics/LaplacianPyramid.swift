// LaplacianPyramid: the pyramid ProGAN's SWD takes its patches from, as the official
// metrics/sliced_wasserstein.py builds it (generate_laplacian_pyramid, pyr_down, pyr_up).
//
// Shapes: P = planes (images × channels), H, W = a level's size. A level is (P, H, W) float32.
//   filter  k = [1, 4, 6, 4, 1] / 16 along each axis (the official 5x5 [1,4,6,4,1]⊗[1,4,6,4,1]/256,
//           which is separable, so two 1-D passes give the same sums)
//   borders scipy.ndimage 'mirror': reflect about the edge pixel without repeating it (… c b | a b c …)
//   down    filter, keep even rows and columns: (P, H, W) → (P, H/2, W/2)
//   up      insert zeros at odd rows and columns, filter ×4: (P, H, W) → (P, 2H, 2W)
//   level l = G_l − up(G_{l+1}) where G_0 = the image and G_{l+1} = down(G_l); the last level is G_last.

import Dispatch

public enum LaplacianPyramid {
    /// The official resolutions: the image size, halved while it stays ≥ 16 (64 → [64, 32, 16]).
    public static func resolutions(imageSize: Int) -> [Int] {
        var out: [Int] = []
        var r = imageSize
        while r >= 16 { out.append(r); r /= 2 }
        return out
    }

    /// The Laplacian pyramid of every image of `images`, `levels` levels; level l is
    /// (N, C, H >> l, W >> l) float32 row-major. H and W must be divisible by 2^(levels−1).
    public static func build(_ images: ImageBatch, levels: Int) -> [[Float]] {
        precondition(levels >= 1, "LaplacianPyramid.build: levels must be ≥ 1")
        precondition(images.height % (1 << (levels - 1)) == 0 && images.width % (1 << (levels - 1)) == 0,
                     "LaplacianPyramid.build: \(images.height)x\(images.width) does not halve \(levels - 1) times")
        let planes = images.count * images.channels
        let H = images.height, W = images.width
        // Levels are written through raw buffers (each plane owns its slice), then handed out as arrays.
        let sizes = (0..<levels).map { l in planes * (H >> l) * (W >> l) }
        let buffers = sizes.map { UnsafeMutablePointer<Float>.allocate(capacity: $0) }
        defer { buffers.forEach { $0.deallocate() } }
        // Planes are independent: groups of 8 go to the two cores as they free up (a 64x64 plane is ~0.1 ms).
        let group = 8
        let scratch = (0..<2).map { _ in UnsafeMutablePointer<PyramidScratch>.allocate(capacity: 1) }
        for s in scratch { s.initialize(to: PyramidScratch(height: H, width: W)) }
        defer { for s in scratch { s.deinitialize(count: 1); s.deallocate() } }
        images.pixels.withUnsafeBufferPointer { px in
            let src = px.baseAddress!
            WorkQueue.run(count: (planes + group - 1) / group, workers: 2) { w, g in
                for p in (g * group)..<min(planes, (g + 1) * group) {
                    pyramidOfPlane(src + p * H * W, height: H, width: W, levels: levels,
                                   out: buffers.enumerated().map { l, base in base + p * (H >> l) * (W >> l) },
                                   scratch: &scratch[w].pointee)
                }
            }
        }
        return zip(buffers, sizes).map { Array(UnsafeBufferPointer(start: $0, count: $1)) }
    }

    /// One plane (H, W) of uint8 → `levels` float levels written to `out[l]` ((H >> l, W >> l) each).
    static func pyramidOfPlane(_ src: UnsafePointer<UInt8>, height H: Int, width W: Int, levels: Int,
                               out: [UnsafeMutablePointer<Float>], scratch: inout PyramidScratch) {
        // G_0 goes straight into level 0's buffer; each step computes G_{l+1} into level l+1's buffer
        // and subtracts up(G_{l+1}) from level l in place (as the official pyramid[-2] -= pyr_up(...)).
        for i in 0..<(H * W) { out[0][i] = Float(src[i]) }
        var h = H, w = W
        for l in 1..<max(levels, 1) {
            down(out[l - 1], height: h, width: w, into: out[l], scratch: &scratch.rows)
            up(out[l], height: h / 2, width: w / 2, subtractFrom: out[l - 1], scratch: &scratch.rows)
            h /= 2; w /= 2
        }
    }

    /// Filter then keep even indices: src (h, w) → dst (h/2, w/2).
    static func down(_ src: UnsafeMutablePointer<Float>, height h: Int, width w: Int,
                     into dst: UnsafeMutablePointer<Float>, scratch: inout [Float]) {
        let ho = h / 2, wo = w / 2
        // Horizontal pass at even columns for every row: tmp is (h, wo).
        scratch.withUnsafeMutableBufferPointer { tmpBuf in
            let tmp = tmpBuf.baseAddress!
            for y in 0..<h {
                let row = src + y * w
                for xo in 0..<wo {
                    let x = 2 * xo
                    var s: Float = 6 * row[x]
                    s += 4 * (row[mirror(x - 1, w)] + row[mirror(x + 1, w)])
                    s += row[mirror(x - 2, w)] + row[mirror(x + 2, w)]
                    tmp[y * wo + xo] = s * (1.0 / 16)
                }
            }
            // Vertical pass at even rows: dst is (ho, wo).
            for yo in 0..<ho {
                let y = 2 * yo
                let r0 = tmp + mirror(y - 2, h) * wo, r1 = tmp + mirror(y - 1, h) * wo, r2 = tmp + y * wo
                let r3 = tmp + mirror(y + 1, h) * wo, r4 = tmp + mirror(y + 2, h) * wo
                let d = dst + yo * wo
                for x in 0..<wo {
                    d[x] = (6 * r2[x] + 4 * (r1[x] + r3[x]) + (r0[x] + r4[x])) * (1.0 / 16)
                }
            }
        }
    }

    /// level (2h, 2w) −= up(src (h, w)), where up = zero-insert then filter ×4.
    static func up(_ src: UnsafeMutablePointer<Float>, height h: Int, width w: Int,
                   subtractFrom level: UnsafeMutablePointer<Float>, scratch: inout [Float]) {
        let H = 2 * h, W = 2 * w
        // Horizontal pass over the h source rows at full width: tmp is (h, W). A zero-inserted row z has
        // z[m] = src[m/2] at even m, 0 at odd m; mirror(m) keeps the parity of the taps that are non-zero.
        scratch.withUnsafeMutableBufferPointer { tmpBuf in
            let tmp = tmpBuf.baseAddress!
            // Away from the borders the taps need no mirroring: an even x = 2i takes row[i−1], row[i],
            // row[i+1] with weights 1, 6, 1; an odd x = 2i+1 takes row[i], row[i+1] with 4, 4 (summed in
            // the same order as the general loop, so the values are the same).
            @inline(__always) func general(_ row: UnsafeMutablePointer<Float>, _ x: Int) -> Float {
                var s: Float = 0
                for j in -2...2 {
                    let m = mirror(x + j, W)
                    if m & 1 == 0 { s += Self.tap(j) * row[m >> 1] }
                }
                return s * (2.0 / 16)
            }
            for y in 0..<h {
                let row = src + y * w
                let t = tmp + y * W
                t[0] = general(row, 0); t[1] = general(row, 1)
                for i in 1..<(w - 1) {
                    t[2 * i] = (row[i - 1] + 6 * row[i] + row[i + 1]) * (2.0 / 16)
                    t[2 * i + 1] = (4 * row[i] + 4 * row[i + 1]) * (2.0 / 16)
                }
                t[W - 2] = general(row, W - 2); t[W - 1] = general(row, W - 1)
            }
            // Vertical pass: rows of the zero-inserted (H, W) image are tmp rows at even indices. The
            // whole up-sampled row is summed first, then subtracted (the official pyr_up, then -=).
            let acc = UnsafeMutablePointer<Float>.allocate(capacity: W)
            defer { acc.deallocate() }
            for y in 0..<H {
                for x in 0..<W { acc[x] = 0 }
                for j in -2...2 {
                    let m = mirror(y + j, H)
                    if m & 1 != 0 { continue }
                    let t = tmp + (m >> 1) * W
                    let c = Self.tap(j) * (2.0 / 16)
                    for x in 0..<W { acc[x] += c * t[x] }
                }
                let l = level + y * W
                for x in 0..<W { l[x] -= acc[x] }
            }
        }
    }

    /// The binomial filter's tap at offset j ∈ −2...2: 1, 4, 6, 4, 1.
    @inline(__always) static func tap(_ j: Int) -> Float { j == 0 ? 6 : (j == 1 || j == -1 ? 4 : 1) }

    /// scipy.ndimage 'mirror' index: −1 → 1, n → n − 2 (the edge sample is not repeated).
    @inline(__always) static func mirror(_ i: Int, _ n: Int) -> Int {
        if i < 0 { return -i }
        if i >= n { return 2 * n - 2 - i }
        return i
    }
}

/// Per-worker scratch for one plane's pyramid: a row buffer of the largest level.
struct PyramidScratch {
    var rows: [Float]
    init(height: Int, width: Int) { rows = [Float](repeating: 0, count: height * width) }
}
