// Upscaler: an SRResNet applied to images of any size in overlapping tiles, blended without seams, one row of
// tiles at a time, so that the output can be handed to an encoder as it is made (memory grows with the
// image's width, not its area).
//
// Tiles are `tile` LR pixels square; neighbours overlap by at least `overlap` (the last tile of a row or
// column is placed flush with the image's edge, so it may overlap more). Near a tile's inner edges its output
// is wrong (the convolutions saw zero padding instead of the neighbour's pixels): within the model's
// receptive radius R (ReceptiveRadius.swift, rounded up to whole LR pixels). Each tile's output is weighted by
// its distance d to its nearest inner edge (in HR pixels, s = scale):
//
//     w(d) = clamp((d − margin·s) / (fade·s), 0, 1)        (image edges are not inner edges; fade 0: d > margin·s)
//
//     overlap ≥ 2R:  margin = R,           fade = overlap − 2R   every weighted pixel is exact: tiled = whole
//     overlap < 2R:  margin = overlap / 4, fade = overlap / 2    (a user's smaller overlap: seams faded, not exact)
//
// The weights of the tiles covering a pixel are normalised to sum to 1 (per axis: the 2-D weight is wx·wy).
// The default overlap is 2R + 8 (a fade of 8 LR pixels between two exact tiles), and the tile grows to twice
// the overlap when it is smaller.

import Imaging
import NN
import Tensors

public final class Upscaler {
    public let model: SRResNet
    /// Tile side in LR pixels.
    public let tile: Int
    /// Minimum overlap of neighbouring tiles in LR pixels.
    public let overlap: Int
    /// Most tiles per forward pass (fewer when their activations would pass `activationBudget`).
    public let batch: Int
    /// LR pixels of a tile's output ignored at its inner edges, and the LR pixels of the fade after them.
    public let margin: Double
    public let fade: Double

    /// Bytes one full-resolution activation of a forward pass may take: (tiles, channels, th·s, tw·s) floats (at least
    /// one tile). A forward pass holds five to seven such at its peak (measured: 180 MB more for one more 128 px tile of
    /// the 4-block, 32-channel demo model, whose activation is 34 MB), so the demo's and the published model's (64
    /// channels) tiles go one at a time.
    public static let activationBudget = 32 << 20

    /// The fade between two exact tiles in the default overlap, in LR pixels.
    public static let defaultFade = 8

    /// The overlap that makes tiled output equal the whole-image output: 2·⌈receptive radius⌉ + the fade.
    public static func defaultOverlap(for model: SRResNet) -> Int { 2 * model.receptivePixels + defaultFade }

    /// `overlap` nil: the model's default overlap, and `tile` grown to twice it if smaller. A given overlap must be
    /// smaller than the tile.
    public init(model: SRResNet, tile: Int = 128, overlap: Int? = nil, batch: Int = 8) throws {
        try Self.checkTiling(tile: tile, overlap: overlap, batch: batch, minimumTile: 1)
        if let overlap {
            self.overlap = overlap
            self.tile = tile
        } else {
            self.overlap = Self.defaultOverlap(for: model)
            self.tile = max(tile, 2 * self.overlap)
        }
        self.model = model
        self.batch = batch
        let r = model.receptivePixels
        if self.overlap >= 2 * r {
            margin = Double(r)
            fade = Double(self.overlap - 2 * r)
        } else {
            margin = Double(self.overlap) / 4
            fade = Double(self.overlap) / 2
        }
    }

    /// Checks tiling settings a user gives (`upscale`'s and `pipeline`'s --tile, --overlap, --batch) before any
    /// work: tiles of at least 8 LR pixels (smaller ones are mostly border), an overlap smaller than the tile
    /// (else the tiles never advance), at least one tile per pass. The error names the flags. (The initialiser
    /// checks the same with `minimumTile` 1: a whole image as one tile is fine for the library.)
    public static func checkTiling(tile: Int, overlap: Int?, batch: Int, minimumTile: Int = 8) throws {
        guard tile >= minimumTile else {
            throw SRGANError.invalidTiling(tile: tile, overlap: overlap, reason: "--tile must be at least \(minimumTile) px")
        }
        if let overlap, overlap < 0 || overlap >= tile {
            throw SRGANError.invalidTiling(tile: tile, overlap: overlap, reason: "--overlap must be at least 0 and smaller than --tile")
        }
        guard batch >= 1 else { throw SRGANError.invalidTiling(tile: tile, overlap: overlap, reason: "--batch must be at least 1, got \(batch)") }
    }

    public var scale: Int { model.upscale }

    /// Whether tiled output equals the whole-image output (every weighted output pixel saw no tile edge).
    public var isExact: Bool { margin >= Double(model.receptivePixels) }

    /// Tile starts along an axis of `length` LR pixels, and the tile length (the whole axis if it fits in one tile).
    public func tileStarts(length: Int) -> (starts: [Int], size: Int) {
        if length <= tile { return ([0], length) }
        let count = (length - tile + (tile - overlap) - 1) / (tile - overlap) + 1
        return ((0..<count).map { min($0 * (tile - overlap), length - tile) }, tile)
    }

    /// The blend weights of each tile over its HR extent along one axis (see the file's comment).
    func axisWeights(length: Int, starts: [Int], size: Int) -> [[Float]] {
        let s = Double(scale)
        let a = margin * s, b = fade * s
        return starts.map { p in
            (0..<(size * scale)).map { x -> Float in
                var d = Double.infinity
                if p > 0 { d = min(d, Double(x) + 0.5) }
                if p + size < length { d = min(d, Double(size * scale - x) - 0.5) }
                if b == 0 { return d > a ? 1 : 0 }
                return Float(min(max((d - a) / b, 0), 1))
            }
        }
    }

    /// x: (N, 3, H, W) RGB in [0, 1] → (N, 3, H·scale, W·scale) in [0, 1], the model in eval mode and without
    /// gradients. `progress(done, total)` counts tiles (images, when each is one tile).
    public func upscale(_ x: Tensor, progress: ((Int, Int) -> Void)? = nil) -> Tensor {
        precondition(x.rank == 4 && x.shape[1] == 3, "Upscaler: expected (N, 3, H, W) images, got \(x.shape)")
        let (n, h, w, s) = (x.shape[0], x.shape[2], x.shape[3], scale)
        let wasTraining = model.training
        model.eval()
        defer { model.train(wasTraining) }
        if h <= tile && w <= tile {
            // Whole images, `batch` at a time.
            var parts: [Tensor] = []
            for first in stride(from: 0, to: n, by: batch) {
                let count = min(batch, n - first)
                parts.append(withoutGrad { model(count == n ? x : x.slice(axis: 0, start: first, length: count)) })
                progress?(first + count, n)
            }
            return parts.count == 1 ? parts[0] : Tensor.concat(parts, axis: 0)
        }
        let (oh, ow) = (h * s, w * s)
        let perImage = tileStarts(length: h).starts.count * tileStarts(length: w).starts.count
        return x.withUnsafeBufferPointer { src in
            Tensor(shape: [n, 3, oh, ow]) { out in
                // src is (N, 3, h, w); out is (N, 3, oh, ow); each band is (3, rows, ow)
                for i in 0..<n {
                    let image = src.baseAddress! + i * 3 * h * w
                    let target = out + i * 3 * oh * ow
                    var row = 0
                    rows(height: h, width: w, gather: { tiles, th, tw in
                        Tensor(shape: [tiles.count, 3, th, tw]) { t in
                            for (k, tile) in tiles.enumerated() {
                                for c in 0..<3 {
                                    for y in 0..<th {
                                        let from = image + (c * h + tile.top + y) * w + tile.left
                                        (t + ((k * 3 + c) * th + y) * tw).update(from: from, count: tw)
                                    }
                                }
                            }
                        }
                    }, emit: { band, count in
                        for c in 0..<3 {
                            (target + (c * oh + row) * ow).update(from: band.baseAddress! + c * count * ow, count: count * ow)
                        }
                        row += count
                    }, progress: { done, _ in progress?(i * perImage + done, n * perImage) })
                }
            }
        }
    }

    /// One image upscaled, in memory.
    public func upscale(_ image: Image) -> Image {
        var pixels: [UInt8] = []
        pixels.reserveCapacity(image.width * image.height * scale * scale * 3)
        upscale(image) { rows, _ in pixels.append(contentsOf: rows) }
        return Image(width: image.width * scale, height: image.height * scale, pixels: pixels)
    }

    /// One image upscaled one row of tiles at a time: `rows(pixels, count)` receives the output rows in order,
    /// `count` rows of (width·scale, 3) RGB bytes each, and may throw to stop. Memory: the image, one row of
    /// tiles' output and the model's activations for `batch` tiles.
    public func upscale(_ image: Image, progress: ((Int, Int) -> Void)? = nil,
                        rows: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) rethrows {
        let (h, w) = (image.height, image.width)
        let ow = w * scale
        let wasTraining = model.training
        model.eval()
        defer { model.train(wasTraining) }
        var bytes: [UInt8] = []
        try image.pixels.withUnsafeBufferPointer { src in
            try self.rows(height: h, width: w, gather: { tiles, th, tw in
                Tensor(shape: [tiles.count, 3, th, tw]) { t in
                    // src is (h, w, 3); t is (count, 3, th, tw)
                    for (k, tile) in tiles.enumerated() {
                        for y in 0..<th {
                            let from = ((tile.top + y) * w + tile.left) * 3
                            for c in 0..<3 {
                                let to = t + ((k * 3 + c) * th + y) * tw
                                for xx in 0..<tw { to[xx] = Float(src[from + 3 * xx + c]) * (1 / 255) }
                            }
                        }
                    }
                }
            }, emit: { band, count in
                // band is (3, count, ow) in [0, 1]; bytes are (count, ow, 3), rounded as Image(tensor:) does
                if bytes.count != count * ow * 3 { bytes = [UInt8](repeating: 0, count: count * ow * 3) }
                bytes.withUnsafeMutableBufferPointer { b in
                    for c in 0..<3 {
                        let plane = band.baseAddress! + c * count * ow
                        for p in 0..<(count * ow) {
                            let v = plane[p] * 255
                            b[3 * p + c] = v.isNaN ? 0 : UInt8(min(255, max(0, v)).rounded())
                        }
                    }
                }
                try bytes.withUnsafeBufferPointer { try rows($0, count) }
            }, progress: progress)
        }
    }

    /// The core: an image of h x w LR pixels, whose tiles `gather((top, left), th, tw)` makes into a (count, 3, th, tw)
    /// tensor, upscaled one row of tiles at a time; `emit(band, count)` receives the finished output rows in order as
    /// (3, count, w·scale) floats. The band holds one row of tiles' output: (3, th·s, w·s) sums and (th·s, w·s) weights.
    /// Memory: the band, and the model's activations for up to `batch` tiles within `activationBudget`.
    func rows(height h: Int, width w: Int, gather: ([(top: Int, left: Int)], Int, Int) -> Tensor,
              emit: (UnsafeBufferPointer<Float>, Int) throws -> Void, progress: ((Int, Int) -> Void)?) rethrows {
        let s = scale
        let (ys, th) = tileStarts(length: h)
        let (xs, tw) = tileStarts(length: w)
        let wy = axisWeights(length: h, starts: ys, size: th)
        let wx = axisWeights(length: w, starts: xs, size: tw)
        let (tH, tW, ow) = (th * s, tw * s, w * s)
        var sum = [Float](repeating: 0, count: 3 * tH * ow)   // (3, tH, ow), rows from ys[r]·s
        var norm = [Float](repeating: 0, count: tH * ow)      // (tH, ow)
        var finished = [Float](repeating: 0, count: 3 * tH * ow)
        let total = ys.count * xs.count
        var done = 0
        let channels = model.conv3.weight.value.shape[1]
        let perPass = max(1, min(batch, Self.activationBudget / max(1, channels * tH * tW * MemoryLayout<Float>.size)))
        for r in ys.indices {
            let rowWeights = wy[r]
            for first in stride(from: 0, to: xs.count, by: perPass) {
                let columns = Array(first..<min(first + perPass, xs.count))
                let input = gather(columns.map { (ys[r], xs[$0]) }, th, tw)
                let output = withoutGrad { model(input) }
                output.withUnsafeBufferPointer { out in
                    // out is (columns, 3, tH, tW)
                    for (k, column) in columns.enumerated() {
                        let ox = xs[column] * s
                        let columnWeights = wx[column]
                        for y in 0..<tH {
                            let weightY = rowWeights[y]
                            if weightY == 0 { continue }
                            for xx in 0..<tW { norm[y * ow + ox + xx] += weightY * columnWeights[xx] }
                            for c in 0..<3 {
                                let from = ((k * 3 + c) * tH + y) * tW
                                let to = (c * tH + y) * ow + ox
                                for xx in 0..<tW { sum[to + xx] += weightY * columnWeights[xx] * out[from + xx] }
                            }
                        }
                    }
                }
                done += columns.count
                progress?(done, total)
            }
            // Rows above the next row of tiles are final: normalise and hand them on; carry the rest up.
            let count = r + 1 < ys.count ? (ys[r + 1] - ys[r]) * s : tH
            for c in 0..<3 {
                for p in 0..<(count * ow) { finished[c * count * ow + p] = sum[c * tH * ow + p] / norm[p] }
            }
            try finished.withUnsafeBufferPointer { try emit(UnsafeBufferPointer(rebasing: $0[0..<(3 * count * ow)]), count) }
            let kept = tH - count
            for c in 0..<3 {
                let plane = c * tH * ow
                for p in 0..<(kept * ow) { sum[plane + p] = sum[plane + count * ow + p] }
                for p in (kept * ow)..<(tH * ow) { sum[plane + p] = 0 }
            }
            for p in 0..<(kept * ow) { norm[p] = norm[count * ow + p] }
            for p in (kept * ow)..<(tH * ow) { norm[p] = 0 }
        }
    }

    /// The libvips bicubic baseline at the same scale.
    public static func bicubic(_ image: Image, scale: Int) throws -> Image {
        try image.resized(width: image.width * scale, height: image.height * scale, kernel: .bicubic)
    }
}
