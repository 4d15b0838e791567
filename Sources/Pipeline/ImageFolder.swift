// ImageFolder: the images of a folder (PNG/JPEG, sorted by name) as one Metrics.ImageBatch, for `eval`, read
// through Imaging's ImageSource (its errors name the file). Every image must decode and have the same size.
// It never prints: `load` reports (done, total) to a closure.

import Foundation
import Imaging
import Metrics

public enum ImageFolder {
    /// The folder's images, never read as a data set.
    public static func source(_ folder: String) throws -> ImageSource {
        try ImageSource(URL(fileURLWithPath: folder, isDirectory: true), readingDataSets: false)
    }

    public static func imagePaths(_ folder: String) throws -> [String] {
        let images = try source(folder)
        return (0..<images.count).map { images.file($0)! }
    }

    /// The file names `a` and `b` both hold, in name order, read before any image is decoded (so a mismatch is
    /// found first); `EvalError.namesDiffer` when the two folders do not hold the same names.
    public static func sameFileNames(_ a: String, _ b: String) throws -> [String] {
        let aNames = try imagePaths(a).map { ($0 as NSString).lastPathComponent }
        let bNames = try imagePaths(b).map { ($0 as NSString).lastPathComponent }
        guard aNames == bNames else {
            throw EvalError.namesDiffer(a, b, differing: Set(aNames).symmetricDifference(bNames).sorted())
        }
        return aNames
    }

    /// `limit` images (all when nil; a seeded random subset, in name order, when fewer than the folder holds) of
    /// `folder`, with their file names; resized to `side` x `side` with the box kernel when given (ProGAN's
    /// metrics downscale by 2x2 averages). `progress` gets (done, total) after each chunk decoded.
    public static func load(_ folder: String, limit: Int? = nil, seed: UInt64 = 1, side: Int? = nil,
                            progress: ((Int, Int) -> Void)? = nil) throws -> (ImageBatch, [String]) {
        let images = try source(folder)
        let indices = limit.map { images.randomSubset($0, seed: seed) } ?? Array(0..<images.count)
        let resize = side.map { s in { (image: Image) in try image.resized(width: s, height: s, kernel: .box) } }
        let read = try images.images(indices, transform: resize, progress: progress)
        try ImageSource.checkOneSize(read, of: images)
        let first = read[0].image
        return (ImageBatch(interleaved: read.map(\.image.pixels), height: first.height, width: first.width),
                indices.map { (images.name($0) as NSString).lastPathComponent })
    }
}
