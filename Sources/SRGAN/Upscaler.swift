// Upscaler: an SRResNet applied to images of any size in overlapping tiles, blended without seams.
//
// Tiles are `tile` LR pixels square; neighbours overlap by at least `overlap` (the last tile of a row or
// column is placed flush with the image's edge, so it may overlap more). Near a tile's inner edges its output
// is wrong (the convolutions saw zero padding instead of the neighbour's pixels), so each tile's output is
// weighted by its distance d to its nearest inner edge (in HR pixels, s = scale):
//
//     w(d) = clamp((d − overlap·s/4) / (overlap·s/2), 0, 1)        (image edges are not inner edges)
//
// i.e. a tile is ignored in the outer quarter of an overlap and faded in over the middle half. The weights of
// the tiles covering a pixel are normalised to sum to 1 (per axis: the 2-D weight is wx·wy). When the
// network's receptive radius is at most overlap/4 LR pixels, the result equals the whole-image output up to
// float rounding; beyond it, the fade hides the seams.

import Imaging
import NN
import Tensors

public final class Upscaler {
    public let model: SRResNet
    /// Tile side in LR pixels.
    public let tile: Int
    /// Minimum overlap of neighbouring tiles in LR pixels.
    public let overlap: Int
    /// Tiles per forward pass.
    public let batch: Int

    public init(model: SRResNet, tile: Int = 128, overlap: Int = 16, batch: Int = 8) {
        precondition(tile >= 1 && overlap >= 0 && overlap < tile, "Upscaler: needs tile ≥ 1 and 0 ≤ overlap < tile, got tile \(tile), overlap \(overlap)")
        precondition(batch >= 1, "Upscaler: batch must be ≥ 1")
        self.model = model
        self.tile = tile
        self.overlap = overlap
        self.batch = batch
    }

    /// Checks tiling settings a user gives (`upscale`'s and `pipeline`'s --tile, --overlap, --batch) before any
    /// work: tiles of at least 8 LR pixels (smaller ones are mostly border), an overlap smaller than the tile
    /// (else the tiles never advance), at least one tile per pass. The error names the flags.
    public static func checkTiling(tile: Int, overlap: Int, batch: Int) throws {
        guard tile >= 8 else { throw SRGANError.invalidTiling(reason: "--tile must be at least 8 px, got \(tile)") }
        guard overlap >= 0, overlap < tile else {
            throw SRGANError.invalidTiling(reason: "--overlap must be at least 0 and smaller than --tile (\(tile)), got \(overlap)")
        }
        guard batch >= 1 else { throw SRGANError.invalidTiling(reason: "--batch must be at least 1, got \(batch)") }
    }

    public var scale: Int { model.upscale }

    /// Tile starts along an axis of `length` LR pixels, and the tile length (the whole axis if it fits in one tile).
    public func tileStarts(length: Int) -> (starts: [Int], size: Int) {
        if length <= tile { return ([0], length) }
        let count = (length - tile + (tile - overlap) - 1) / (tile - overlap) + 1
        return ((0..<count).map { min($0 * (tile - overlap), length - tile) }, tile)
    }

    /// The blend weights of each tile over its HR extent along one axis (see the file's comment).
    func axisWeights(length: Int, starts: [Int], size: Int) -> [[Float]] {
        let s = scale
        let a = Float(overlap * s) / 4, b = Float(overlap * s) / 2
        return starts.map { p in
            (0..<(size * s)).map { x -> Float in
                var d = Float.infinity
                if p > 0 { d = min(d, Float(x) + 0.5) }
                if p + size < length { d = min(d, Float(size * s - x) - 0.5) }
                if b == 0 { return 1 }
                return min(max((d - a) / b, 0), 1)
            }
        }
    }

    /// x: (N, 3, H, W) RGB in [0, 1] → (N, 3, H·scale, W·scale) in [0, 1], the model in eval mode and without
    /// gradients. `progress(done, total)` counts tiles.
    public func upscale(_ x: Tensor, progress: ((Int, Int) -> Void)? = nil) -> Tensor {
        precondition(x.rank == 4 && x.shape[1] == 3, "Upscaler: expected (N, 3, H, W) images, got \(x.shape)")
        let (n, h, w, s) = (x.shape[0], x.shape[2], x.shape[3], scale)
        let wasTraining = model.training
        model.eval()
        defer { model.train(wasTraining) }
        let (ys, th) = tileStarts(length: h)
        let (xs, tw) = tileStarts(length: w)
        if ys.count == 1 && xs.count == 1 {
            // Whole images, `batch` at a time.
            var parts: [Tensor] = []
            for first in stride(from: 0, to: n, by: batch) {
                let count = min(batch, n - first)
                parts.append(withoutGrad { model(count == n ? x : x.slice(axis: 0, start: first, length: count)) })
                progress?(first + count, n)
            }
            return parts.count == 1 ? parts[0] : Tensor.concat(parts, axis: 0)
        }
        let wy = axisWeights(length: h, starts: ys, size: th)
        let wx = axisWeights(length: w, starts: xs, size: tw)
        // Every tile of every image: (image, row index, column index).
        var tiles: [(image: Int, row: Int, column: Int)] = []
        for i in 0..<n { for r in ys.indices { for c in xs.indices { tiles.append((i, r, c)) } } }
        let (oh, ow) = (h * s, w * s)
        var sum = [Float](repeating: 0, count: n * 3 * oh * ow)   // (N, 3, oh, ow)
        var norm = [Float](repeating: 0, count: n * oh * ow)      // (N, oh, ow)
        for first in stride(from: 0, to: tiles.count, by: batch) {
            let group = Array(tiles[first..<min(first + batch, tiles.count)])
            let input = Self.gather(x, group.map { ($0.image, ys[$0.row], xs[$0.column]) }, height: th, width: tw)
            let output = withoutGrad { model(input) }
            output.withUnsafeBufferPointer { out in
                // out is (group, 3, th·s, tw·s)
                let (tH, tW) = (th * s, tw * s)
                for (k, t) in group.enumerated() {
                    let (oy, ox) = (ys[t.row] * s, xs[t.column] * s)
                    let rowWeights = wy[t.row], columnWeights = wx[t.column]
                    for y in 0..<tH {
                        let weightY = rowWeights[y]
                        if weightY == 0 { continue }
                        let normRow = (t.image * oh + oy + y) * ow + ox
                        for xx in 0..<tW { norm[normRow + xx] += weightY * columnWeights[xx] }
                        for c in 0..<3 {
                            let src = ((k * 3 + c) * tH + y) * tW
                            let dst = ((t.image * 3 + c) * oh + oy + y) * ow + ox
                            for xx in 0..<tW { sum[dst + xx] += weightY * columnWeights[xx] * out[src + xx] }
                        }
                    }
                }
            }
            progress?(first + group.count, tiles.count)
        }
        return Tensor(shape: [n, 3, oh, ow]) { out in
            for i in 0..<n {
                for c in 0..<3 {
                    for p in 0..<(oh * ow) {
                        out[(i * 3 + c) * oh * ow + p] = sum[(i * 3 + c) * oh * ow + p] / norm[i * oh * ow + p]
                    }
                }
            }
        }
    }

    /// One image upscaled.
    public func upscale(_ image: Image) -> Image {
        Image(tensor: upscale(image.tensor(range: .zeroToOne)), range: .zeroToOne)
    }

    /// The libvips bicubic baseline at the same scale.
    public static func bicubic(_ image: Image, scale: Int) throws -> Image {
        try image.resized(width: image.width * scale, height: image.height * scale, kernel: .bicubic)
    }

    /// Tiles (image, top, left) of `x` as one (count, 3, height, width) tensor.
    static func gather(_ x: Tensor, _ tiles: [(image: Int, top: Int, left: Int)], height th: Int, width tw: Int) -> Tensor {
        let (h, w) = (x.shape[2], x.shape[3])
        return x.withUnsafeBufferPointer { src in
            Tensor(shape: [tiles.count, 3, th, tw]) { out in
                // src is (N, 3, h, w); out is (count, 3, th, tw)
                for (k, t) in tiles.enumerated() {
                    for c in 0..<3 {
                        for y in 0..<th {
                            let from = ((t.image * 3 + c) * h + t.top + y) * w + t.left
                            let to = ((k * 3 + c) * th + y) * tw
                            for xx in 0..<tw { out[to + xx] = src[from + xx] }
                        }
                    }
                }
            }
        }
    }
}
