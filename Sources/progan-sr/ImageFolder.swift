// ImageFolder: the images of a folder (PNG/JPEG, sorted by name) as one Metrics.ImageBatch, for `eval`, read
// through Imaging's ImageSource (its errors name the file). Every image must decode and have the same size.

import Foundation
import Imaging
import Metrics

enum EvalError: Error, CustomStringConvertible {
    case namesDiffer(String, String, differing: [String])

    var description: String {
        switch self {
        case let .namesDiffer(a, b, differing):
            return "\(a) and \(b) must hold the same file names; \(differing.count) differ: \(differing.prefix(5).joined(separator: ", "))"
        }
    }
}

enum ImageFolder {
    /// The folder's images, never read as a data set.
    static func source(_ folder: String) throws -> ImageSource {
        try ImageSource(URL(fileURLWithPath: folder, isDirectory: true), readingDataSets: false)
    }

    static func imagePaths(_ folder: String) throws -> [String] {
        let images = try source(folder)
        return (0..<images.count).map { images.file($0)! }
    }

    /// `limit` images (all when nil; a seeded random subset, in name order, when fewer than the folder holds) of
    /// `folder`, with their file names; resized to `side` x `side` with the box kernel when given (ProGAN's
    /// metrics downscale by 2x2 averages).
    static func load(_ folder: String, limit: Int? = nil, seed: UInt64 = 1, side: Int? = nil,
                     progress: ProgressLine? = nil) throws -> (ImageBatch, [String]) {
        let images = try source(folder)
        let indices = limit.map { images.randomSubset($0, seed: seed) } ?? Array(0..<images.count)
        let resize = side.map { s in { (image: Image) in try image.resized(width: s, height: s, kernel: .box) } }
        let read = try images.images(indices, transform: resize, progress: progress.map { line in { line.update($0, of: $1) } })
        try ImageSource.checkOneSize(read, of: images)
        let first = read[0].image
        return (ImageBatch(interleaved: read.map(\.image.pixels), height: first.height, width: first.width),
                indices.map { (images.name($0) as NSString).lastPathComponent })
    }
}
