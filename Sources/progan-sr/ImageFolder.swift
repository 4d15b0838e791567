// ImageFolder: the images of a folder (PNG/JPEG, sorted by name) as one Metrics.ImageBatch, for `eval`.
// Every image must decode and have the same size; the errors name the file.

import Foundation
import Imaging
import Metrics

enum EvalError: Error, CustomStringConvertible {
    case notAFolder(String)
    case noImages(String)
    case unreadable(path: String, reason: String)
    case sizeMismatch(path: String, size: (Int, Int), expected: (Int, Int), first: String)
    case namesDiffer(String, String, differing: [String])

    var description: String {
        switch self {
        case let .notAFolder(p): return "\(p) is not a folder of images"
        case let .noImages(p): return "\(p) has no .png/.jpg/.jpeg files"
        case let .unreadable(p, r): return "cannot read \(p): \(r); remove or replace the file"
        case let .sizeMismatch(p, s, e, f):
            return "\(p) is \(s.0)x\(s.1) px but \(f) is \(e.0)x\(e.1); every image of a set must have one size (give --resolution N, or resize them first)"
        case let .namesDiffer(a, b, differing):
            return "\(a) and \(b) must hold the same file names; \(differing.count) differ: \(differing.prefix(5).joined(separator: ", "))"
        }
    }
}

enum ImageFolder {
    static func imagePaths(_ folder: String) throws -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else { throw EvalError.notAFolder(folder) }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { ["png", "jpg", "jpeg"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
        guard !names.isEmpty else { throw EvalError.noImages(folder) }
        return names.map { (folder as NSString).appendingPathComponent($0) }
    }

    /// `limit` images (all when nil; a seeded random subset, in name order, when fewer than the folder holds) of
    /// `folder`, with their file names; resized to `side` x `side` with the box kernel when given (ProGAN's
    /// metrics downscale by 2x2 averages).
    static func load(_ folder: String, limit: Int? = nil, seed: UInt64 = 1, side: Int? = nil,
                     progress: ProgressLine? = nil) throws -> (ImageBatch, [String]) {
        var paths = try imagePaths(folder)
        if let limit { paths = RandomSubset.indices(choosing: limit, of: paths.count, seed: seed).map { paths[$0] } }
        // Decoded in parallel, in chunks (for the progress line); the checks below run in name order, so the first
        // bad file by name is the one named.
        var decoded = [Result<Image, Error>?](repeating: nil, count: paths.count)
        let chunk = 256
        for start in stride(from: 0, to: paths.count, by: chunk) {
            let end = min(start + chunk, paths.count)
            decoded.withUnsafeMutableBufferPointer { results in
                DispatchQueue.concurrentPerform(iterations: end - start) { k in
                    let p = paths[start + k]
                    results[start + k] = Result {
                        var image: Image
                        do { image = try Image(contentsOf: p) } catch { throw EvalError.unreadable(path: p, reason: "\(error)") }
                        if let side { image = try image.resized(width: side, height: side, kernel: .box) }
                        return image
                    }
                }
            }
            progress?.update(end, of: paths.count)
        }
        var images: [[UInt8]] = []
        images.reserveCapacity(paths.count)
        var size: (Int, Int)?
        for (p, result) in zip(paths, decoded) {
            let image = try result!.get()
            if let s = size, s != (image.width, image.height) {
                throw EvalError.sizeMismatch(path: p, size: (image.width, image.height), expected: s, first: paths[0])
            }
            size = (image.width, image.height)
            images.append(image.pixels)
        }
        return (ImageBatch(interleaved: images, height: size!.1, width: size!.0), paths.map { ($0 as NSString).lastPathComponent })
    }
}
