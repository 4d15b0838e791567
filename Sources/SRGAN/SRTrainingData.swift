// SRTrainingData: HR images and their LR versions (HR downsampled by the upscale factor with a libvips
// kernel, once, at load), split into training images and held-out validation images, and random aligned
// LR/HR crop pairs with flips for minibatches.

import Dispatch
import Foundation
import Imaging
import Metrics
import Tensors

public final class SRTrainingData {
    /// Upscale factor: LR side × scale = HR side.
    public let scale: Int
    /// Every image's name (its path in the folder, or its index in a data set), in load order.
    public let names: [String]
    /// HR images, cropped to a multiple of `scale` on each side.
    let hr: [Image]
    /// LR images: hr downsampled by `scale`.
    let lr: [Image]
    /// Indices of the training images and of the held-out ones (evenly spaced through the list).
    public let trainIndices: [Int]
    public let validationIndices: [Int]
    /// Images of the source that `load` left out, each with the reason (too small for the crop).
    public internal(set) var skipped: [(name: String, reason: String)] = []

    /// How many of `count` usable images are held out for validation: a tenth of the set, at least one and at
    /// most `atMost` (the config's validationImages, 64). A fixed 64 held out 64 of a 126-image set, half of
    /// it; a tenth keeps 90% to train on while a set of 640 or more still validates on the full 64.
    public static func heldOutCount(of count: Int, atMost: Int) -> Int {
        max(1, min(atMost, count / 10))
    }

    /// The smallest side an image needs (in HR pixels) to be used: the HR crop, and enough for the validation
    /// scores (SSIM's 11 px window after the `scale`-pixel border crop), rounded up to a multiple of `scale`.
    public static func minimumSide(crop: Int, scale: Int) -> Int {
        let scored = (SRQuality.minimumSide(border: scale) + scale - 1) / scale * scale
        return max(crop, scored)
    }

    /// - Parameters:
    ///   - images: (name, image) pairs; each is cropped at the top left to a multiple of `scale`.
    ///   - validationCount: how many images to hold out; the rest must each fit `minimumSide` (the HR crop).
    public init(images: [(name: String, image: Image)], scale: Int, kernel: ResizeKernel, validationCount: Int,
                minimumSide: Int) throws {
        guard validationCount >= 1, images.count > validationCount else {
            throw SRGANError.notEnoughImages(found: images.count, needed: validationCount + 1, smallest: minimumSide, path: nil)
        }
        self.scale = scale
        names = images.map(\.name)
        // One image after the other: concurrent vips_resize calls crashed once in liborc (its code generation
        // on first use); 1,414 emoji take well under a second this way.
        var hr: [Image] = [], lr: [Image] = []
        for (name, source) in images {
            let w = source.width / scale * scale, h = source.height / scale * scale
            guard w >= minimumSide, h >= minimumSide else {
                throw SRGANError.imageTooSmall(name: name, width: source.width, height: source.height, minimum: minimumSide)
            }
            let high = (w == source.width && h == source.height) ? source : source.cropped(x: 0, y: 0, width: w, height: h)
            hr.append(high)
            lr.append(try high.resized(width: w / scale, height: h / scale, kernel: kernel))
        }
        self.hr = hr
        self.lr = lr
        let n = images.count
        let held = Set((0..<validationCount).map { $0 * n / validationCount })
        validationIndices = held.sorted()
        trainIndices = (0..<n).filter { !held.contains($0) }
    }

    /// Loads `source`: a folder made by `progan-sr prepare` (its largest level) or any folder of images
    /// (recursively; files that do not decode are an error naming them). Images smaller than
    /// `minimumSide(crop:scale:)` are skipped (listed in `skipped`); of the rest, `heldOutCount(of:atMost:)`
    /// with `atMost` = `validationImages` are held out.
    public static func load(from source: URL, scale: Int, kernel: ResizeKernel, validationImages: Int,
                            minimumSide crop: Int) throws -> SRTrainingData {
        let files: ImageSource
        do { files = try ImageSource(source, recursive: true) } catch let error as ImageSourceError {
            switch error {
            case .notFound: throw SRGANError.unreadable(path: source.path, reason: "no such folder of images or data set")
            case .notAFolder: throw SRGANError.unreadable(path: source.path, reason: "a file, not a folder of images or a data set made by `progan-sr prepare`")
            case .noImages: throw SRGANError.noImages(path: source.path)
            default: throw error
            }
        }
        // A data set's largest level, or every file of the folder (one that does not decode is an error naming it).
        let images = try files.images(Array(0..<files.count)).map { (name: files.name($0.index), image: $0.image) }
        guard !images.isEmpty else { throw SRGANError.noImages(path: source.path) }
        let side = minimumSide(crop: crop, scale: scale)
        let fits = { (image: Image) in image.width / scale * scale >= side && image.height / scale * scale >= side }
        let usable = images.filter { fits($0.image) }
        let skipped = images.filter { !fits($0.image) }.map {
            (name: $0.name, reason: "\($0.image.width)x\($0.image.height) is smaller than \(side) px (the HR crop, and the validation scores' minimum)")
        }
        guard usable.count >= 2 else {
            throw SRGANError.notEnoughImages(found: usable.count, needed: 2, smallest: side, path: source.path)
        }
        let data = try SRTrainingData(images: usable, scale: scale, kernel: kernel,
                                      validationCount: heldOutCount(of: usable.count, atMost: validationImages), minimumSide: side)
        data.skipped = skipped
        return data
    }

    public var count: Int { hr.count }

    /// `size` aligned crop pairs from random training images: an LR crop of `lrCrop` px at a random
    /// position and the HR crop of `lrCrop · scale` px over the same area, both flipped left-right with
    /// probability ½ when `mirror` is on, and with `rotations` also transposed and flipped upside down, each with
    /// probability ½ (with `mirror`: the 8 flips and rotations of the square, as SRGAN-PyTorch's training data).
    /// Returns (size, 3, lrCrop, lrCrop) and (size, 3, hrCrop, hrCrop) in [0, 1]. The same RNG state gives the
    /// same batch; without `rotations` the RNG is drawn as before it existed.
    public func batch(size: Int, lrCrop: Int, rng: inout RNG, mirror: Bool, rotations: Bool = false) -> (lr: Tensor, hr: Tensor) {
        let hrCrop = lrCrop * scale
        var picks: [(index: Int, x: Int, y: Int, symmetry: CropSymmetry)] = []
        for _ in 0..<size {
            let index = trainIndices[rng.nextInt(trainIndices.count)]
            let low = lr[index]
            let x = rng.nextInt(low.width - lrCrop + 1), y = rng.nextInt(low.height - lrCrop + 1)
            var symmetry = CropSymmetry()
            symmetry.flipLeftRight = mirror ? rng.nextFloat() < 0.5 : false
            if rotations {
                symmetry.transpose = rng.nextFloat() < 0.5
                symmetry.flipUpDown = rng.nextFloat() < 0.5
            }
            picks.append((index, x, y, symmetry))
        }
        let lrTensor = Self.crops(picks.map { (lr[$0.index], $0.x, $0.y, $0.symmetry) }, side: lrCrop)
        let hrTensor = Self.crops(picks.map { (hr[$0.index], $0.x * scale, $0.y * scale, $0.symmetry) }, side: hrCrop)
        return (lrTensor, hrTensor)
    }

    /// One of the 8 symmetries of a square crop: the output pixel (row, col) reads the crop at (col, row) when
    /// transposed, then mirrored across the columns (left-right) and the rows (up-down) as asked. An HR crop and
    /// its LR crop stay aligned under each, since HR pixel (R, C) lies over LR pixel (R / scale, C / scale).
    public struct CropSymmetry: Equatable, Sendable {
        public var transpose = false
        public var flipLeftRight = false
        public var flipUpDown = false

        public init(transpose: Bool = false, flipLeftRight: Bool = false, flipUpDown: Bool = false) {
            self.transpose = transpose
            self.flipLeftRight = flipLeftRight
            self.flipUpDown = flipUpDown
        }

        /// The crop position (row, col) that output pixel (row, col) of a `side`-px crop reads.
        @inline(__always) func source(row: Int, col: Int, side: Int) -> (row: Int, col: Int) {
            var (r, c) = transpose ? (col, row) : (row, col)
            if flipLeftRight { c = side - 1 - c }
            if flipUpDown { r = side - 1 - r }
            return (r, c)
        }
    }

    /// (N, 3, side, side) in [0, 1] from square crops at (x, y), each under its symmetry.
    static func crops(_ specs: [(image: Image, x: Int, y: Int, symmetry: CropSymmetry)], side: Int) -> Tensor {
        let plane = side * side
        return Tensor(shape: [specs.count, 3, side, side]) { out in
            // out is (N, 3, side, side); an image's pixels are (H, W, 3) uint8
            for (n, spec) in specs.enumerated() {
                spec.image.pixels.withUnsafeBufferPointer { src in
                    let dst = out + n * 3 * plane
                    for row in 0..<side {
                        for col in 0..<side {
                            let (sr, sc) = spec.symmetry.source(row: row, col: col, side: side)
                            let p = 3 * ((spec.y + sr) * spec.image.width + spec.x + sc)
                            dst[row * side + col] = Float(src[p]) / 255
                            dst[plane + row * side + col] = Float(src[p + 1]) / 255
                            dst[2 * plane + row * side + col] = Float(src[p + 2]) / 255
                        }
                    }
                }
            }
        }
    }

    /// The held-out images as centre crops of at most `maxSide` HR pixels (a multiple of scale), all the
    /// same size (the smallest among them): LR and HR images, in `validationIndices` order.
    public func validationSet(maxSide: Int) -> (lr: [Image], hr: [Image], names: [String]) {
        let side = validationIndices.map { min(hr[$0].width, hr[$0].height) }.min().map { min($0, maxSide) / scale * scale } ?? 0
        var lows: [Image] = [], highs: [Image] = []
        for i in validationIndices {
            let h = hr[i], l = lr[i]
            let x = (h.width - side) / 2 / scale, y = (h.height - side) / 2 / scale
            lows.append(l.cropped(x: x, y: y, width: side / scale, height: side / scale))
            highs.append(h.cropped(x: x * scale, y: y * scale, width: side, height: side))
        }
        return (lows, highs, validationIndices.map { names[$0] })
    }
}
