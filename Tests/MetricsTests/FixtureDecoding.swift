// FixtureDecoding: reading the shared metric fixtures as their generator actually wrote them.
//
// The shared generator (../shared/fixtures) wrote the raw memory of numpy arrays: where an array was a
// transposed or strided *view*, the bytes are its underlying buffer, not the C-order array its header
// shape describes. Found in swd_parts / swd_images (msssim.safetensors is consistent as labelled):
//   - `images`, `A`, `B`: NHWC bytes under an NCHW shape (the generator's NCHW was a transposed view);
//     `B_degraded` is a real NCHW array;
//   - `level64`: the same NHWC memory (np.float32 of the view keeps its strides);
//   - `level32`, `level16`: the first N·C·h·w floats of the filtered (N, C, 2h, 2w) buffer of which
//     the level is the [::2, ::2] view: image 0's three channels, the level's values at even indices.
// Which case a file is in is decided from its images (natural images are smooth; mis-read ones are
// striped), so a regenerated, correctly written fixture folder is read by the README's layout.

import Metrics

enum FixtureDecoding {
    /// The images of a (N, C, H, W)-labelled uint8 tensor, and whether its bytes were NHWC.
    static func images(_ bytes: [UInt8], shape: [Int]) -> (ImageBatch, nhwcBytes: Bool) {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let asLabelled = ImageBatch(count: n, channels: c, height: h, width: w, pixels: bytes)
        var transposed = [UInt8](repeating: 0, count: bytes.count)
        for i in 0..<n { for y in 0..<h { for x in 0..<w { for ch in 0..<c {
            transposed[((i * c + ch) * h + y) * w + x] = bytes[((i * h + y) * w + x) * c + ch]
        } } } }
        let asNHWC = ImageBatch(count: n, channels: c, height: h, width: w, pixels: transposed)
        return roughness(asNHWC) < roughness(asLabelled) ? (asNHWC, true) : (asLabelled, false)
    }

    /// Mean |difference| between vertically adjacent pixels.
    static func roughness(_ b: ImageBatch) -> Double {
        var s = 0.0
        for p in 0..<(b.count * b.channels) {
            for y in 1..<b.height { for x in 0..<b.width {
                s += abs(Double(b.pixels[(p * b.height + y) * b.width + x]) - Double(b.pixels[(p * b.height + y - 1) * b.width + x]))
            } }
        }
        return s / Double(b.pixels.count)
    }

    /// Pairs (ours, reference) for a level tensor: the whole level when the fixture is written as
    /// documented; otherwise the values the generator's bytes hold (see the file comment).
    static func levelPairs(ours: [Float], stored: [Float], shape: [Int], quirky: Bool, topLevel: Bool) -> ([Float], [Float]) {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        if !quirky { return (ours, stored) }
        if topLevel {
            var ref = [Float](repeating: 0, count: stored.count)
            for i in 0..<n { for y in 0..<h { for x in 0..<w { for ch in 0..<c {
                ref[((i * c + ch) * h + y) * w + x] = stored[((i * h + y) * w + x) * c + ch]
            } } } }
            return (ours, ref)
        }
        // The stored prefix covers planes 0..<covered of the (N·C, 2h, 2w) buffer.
        let covered = (n * c * h * w) / (4 * h * w)
        var a: [Float] = [], b: [Float] = []
        for p in 0..<covered { for y in 0..<h { for x in 0..<w {
            a.append(ours[(p * h + y) * w + x])
            b.append(stored[(p * 2 * h + 2 * y) * 2 * w + 2 * x])
        } } }
        return (a, b)
    }
}
