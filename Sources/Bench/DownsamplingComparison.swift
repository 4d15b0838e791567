// The downsampling comparison (`progan-sr compare-downsampling`): the published pipeline timed six
// algorithms and graded them by eye (its Table 1); here each kernel gets
// - time per image (median over repeats; decoding excluded), on one thread and on all threads
//   (all threads = one image per core at a time, the way `prepare` runs);
// - quality of the round trip: downsample to `to`, enlarge back with one fixed reference kernel
//   (lanczos3), then PSNR and SSIM on Y (BT.601, SRQuality) against the original;
// - aliasing: a zone plate (a cosine whose frequency grows linearly from the centre to the source
//   Nyquist at the edge) is downsampled; where its frequency lies above the target Nyquist an ideal
//   low-pass leaves flat grey, so the RMS left there, relative to the plate's own RMS (127.5/√2), is
//   the share of the out-of-band signal that aliased into the result: 0 = none, ~1 = no filtering.

import Dispatch
import Foundation
import Imaging
import Metrics

public struct DownsamplingResult: Codable, Sendable {
    public var kernel: String
    public var implementation: String
    public var msPerImageOneThread: Double
    public var msPerImageAllThreads: Double
    public var psnrY: Double
    public var ssimY: Double
    /// nil when the reduction is too small (< ~1.3x) to leave a band to measure.
    public var aliasing: Double?
}

public struct DownsamplingReport: Codable, Sendable {
    public var source: String
    public var images: Int
    /// Side of the (centre-cropped) originals when they all share one, else 0.
    public var from: Int
    public var to: Int
    public var repeats: Int
    public var threads: Int
    public var referenceUpsampler = "lanczos3"
    public var zonePlateSide: Int
    public var results: [DownsamplingResult]
}

public enum DownsamplingComparison {
    /// Whether `image` can take part in a comparison to `to` px: its shorter side must be larger than `to`
    /// (a reduction) and at least the SSIM window (11 px), since quality is measured at its own size.
    public static func isUsable(_ image: Image, to: Int) -> Bool {
        let side = min(image.width, image.height)
        return side > to && side >= 11
    }

    /// Runs the comparison on `images` (made square first by centre crop).
    public static func run(images originals: [Image], source: String, to: Int, kernels: [ResizeKernel], repeats: Int,
                           progress: ((Int, Int) -> Void)? = nil) throws -> DownsamplingReport {
        precondition(!originals.isEmpty, "DownsamplingComparison: no images")
        let images = originals.map { $0.centerSquare() }
        let sides = Set(images.map(\.width))
        let threads = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
        // The plate has the originals' size (the same reduction factor); mixed sizes use a 2x reduction.
        let plateSide = sides.count == 1 ? images[0].width : 2 * to
        var results: [DownsamplingResult] = []
        try Vips.start()
        Vips.setConcurrency(1)
        defer { Vips.setConcurrency(0) }
        for (k, kernel) in kernels.enumerated() {
            let one = try time(images, to: to, kernel: kernel, threads: 1, repeats: repeats)
            let all = try time(images, to: to, kernel: kernel, threads: threads, repeats: repeats)
            var psnr = 0.0, ssim = 0.0
            for image in images {
                let (p, s) = try roundTrip(image, to: to, kernel: kernel)
                psnr += p; ssim += s
            }
            results.append(DownsamplingResult(kernel: kernel.rawValue, implementation: kernel.implementation,
                                              msPerImageOneThread: one, msPerImageAllThreads: all,
                                              psnrY: psnr / Double(images.count), ssimY: ssim / Double(images.count),
                                              aliasing: try aliasing(kernel: kernel, side: plateSide, to: to)))
            progress?(k + 1, kernels.count)
        }
        return DownsamplingReport(source: source, images: images.count, from: sides.count == 1 ? images[0].width : 0, to: to,
                                  repeats: repeats, threads: threads, zonePlateSide: plateSide, results: results)
    }

    /// Median over `repeats` of the time per image to downsample all `images`, on `threads` threads.
    static func time(_ images: [Image], to: Int, kernel: ResizeKernel, threads: Int, repeats: Int) throws -> Double {
        var samples: [Double] = []
        let failure = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
        failure.initialize(to: false)
        defer { failure.deallocate() }
        for _ in 0..<Swift.max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                var i = t
                while i < images.count {
                    if (try? images[i].resized(side: to, kernel: kernel)) == nil { failure.pointee = true }
                    i += threads
                }
            }
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(images.count))
        }
        if failure.pointee { _ = try images[0].resized(side: to, kernel: kernel) }  // rethrows the reason
        return samples.sorted()[samples.count / 2]
    }

    /// PSNR and SSIM on Y of `image` against its round trip through `to` px.
    public static func roundTrip(_ image: Image, to: Int, kernel: ResizeKernel) throws -> (psnr: Double, ssim: Double) {
        let back = try image.resized(side: to, kernel: kernel).resized(width: image.width, height: image.height, kernel: .lanczos3)
        let a = batch(back), b = batch(image)
        return (try SRQuality.psnr(a, b, image: 0, border: 0, on: .y), try SRQuality.ssim(a, b, image: 0, border: 0, on: .y))
    }

    /// One image as a Metrics batch: (1, 3, H, W).
    static func batch(_ image: Image) -> ImageBatch {
        ImageBatch(interleaved: [image.pixels], height: image.height, width: image.width)
    }

    /// A grey zone plate of `side` px: value 127.5 + 127.5 cos(π r² / side), whose local frequency
    /// r / side cycles per pixel reaches the Nyquist frequency ½ at r = side / 2.
    public static func zonePlate(side: Int) -> Image {
        var p = [UInt8](repeating: 0, count: side * side * 3)
        let c = Double(side) / 2
        for y in 0..<side { for x in 0..<side {
            let dx = Double(x) + 0.5 - c, dy = Double(y) + 0.5 - c
            let v = UInt8((127.5 + 127.5 * cos(Double.pi * (dx * dx + dy * dy) / Double(side))).rounded())
            p[(y * side + x) * 3] = v; p[(y * side + x) * 3 + 1] = v; p[(y * side + x) * 3 + 2] = v
        } }
        return Image(width: side, height: side, pixels: p)
    }

    /// The aliasing score of `kernel` for a `side` → `to` reduction (see the top of this file). The
    /// band measured is where the plate's frequency is between 1.25x the target Nyquist (clear of the
    /// kernels' transition bands) and 0.95x the source Nyquist (inside the plate's own valid disc).
    public static func aliasing(kernel: ResizeKernel, side: Int, to: Int) throws -> Double? {
        let out = try zonePlate(side: side).resized(side: to, kernel: kernel)
        let scale = Double(side) / Double(to)
        let targetNyquist = 0.5 / scale
        var sum = 0.0, count = 0
        for y in 0..<to { for x in 0..<to {
            // centre of output pixel in source pixels, from the plate centre
            let dx = (Double(x) + 0.5) * scale - Double(side) / 2, dy = (Double(y) + 0.5) * scale - Double(side) / 2
            let frequency = (dx * dx + dy * dy).squareRoot() / Double(side)
            guard frequency >= 1.25 * targetNyquist && frequency <= 0.95 * 0.5 else { continue }
            let d = Double(out.pixels[(y * to + x) * 3]) - 127.5
            sum += d * d; count += 1
        } }
        if count == 0 { return nil }
        return (sum / Double(count)).squareRoot() / (127.5 / 2.0.squareRoot())
    }

    /// The same crop of `image` downsampled by every kernel, enlarged with nearest so that a person
    /// sees the pixels, beside the original's crop, as a labelled contact sheet.
    public static func sheet(_ original: Image, to: Int, kernels: [ResizeKernel], tileSide: Int = 192) throws -> Image {
        let image = original.centerSquare()
        let crop = Swift.max(4, to / 2), x0 = (to - crop) / 2
        let factor = Swift.max(1, tileSide / crop)
        var tiles: [(label: String, image: Image)] = []
        let sourceCrop = image.cropped(x: x0 * image.width / to, y: x0 * image.width / to,
                                       width: crop * image.width / to, height: crop * image.width / to)
        tiles.append(("original \(image.width) px", try sourceCrop.resized(side: crop * factor, kernel: .nearest)))
        for kernel in kernels {
            let small = try image.resized(side: to, kernel: kernel)
            tiles.append(("\(kernel.rawValue) → \(to) px", small.cropped(x: x0, y: x0, width: crop, height: crop).enlarged(by: factor)))
        }
        return try ImageGrid.contactSheet(tiles, columns: Swift.min(6, tiles.count))
    }
}
