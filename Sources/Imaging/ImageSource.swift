// ImageSource: a set of images on disk as every reader sees it — a prepared data set (manifest.json; any of its
// levels) or a folder of PNG/JPEG files (by name; with its subfolders when asked) — with the one policy of how they
// are read: a seeded random subset when fewer are wanted than the set holds (RandomSubset, never the first ones),
// decoded in parallel, and a file that does not decode either named in the error (the first by name) or passed
// over, as the caller chooses. `eval`, the pipeline's real images and stage two's training data read through it.
// (A stage-one run, which samples images instead, is ProGAN's: ProGANSampler.)

import Foundation

public enum ImageSourceError: Error, CustomStringConvertible {
    case notFound(path: String, expected: String)
    case notAFolder(path: String)
    case noImages(path: String)
    case unreadable(path: String, reason: String)
    case sizeMismatch(path: String, size: (Int, Int), expected: (Int, Int), first: String)

    public var description: String {
        switch self {
        case let .notFound(p, expected): return "\(p) does not exist (expected \(expected))"
        case let .notAFolder(p): return "\(p) is not a folder of images"
        case let .noImages(p): return "\(p) has no .png/.jpg/.jpeg files"
        case let .unreadable(p, r): return "cannot read \(p): \(r); remove or replace the file"
        case let .sizeMismatch(p, s, e, f):
            return "\(p) is \(s.0)x\(s.1) px but \(f) is \(e.0)x\(e.1); every image of a set must have one size (give --resolution N, or resize them first)"
        }
    }
}

public struct ImageSource {
    public enum Storage {
        case dataset(Dataset)
        /// The folder and its image files' paths relative to it, sorted.
        case folder(URL, files: [String])
    }

    /// What a file that does not decode does to a read.
    public enum Unreadable { case fail, skip }

    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    public let url: URL
    public let storage: Storage

    /// `url` as a prepared data set when it holds a manifest (and `readingDataSets`), else as a folder of images
    /// (its subfolders too when `recursive`). Errors name the path: missing, a file, or a folder without images.
    public init(_ url: URL, recursive: Bool = false, readingDataSets: Bool = true) throws {
        self.url = url
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw ImageSourceError.notFound(path: url.path, expected: readingDataSets ? "a folder of images or a prepared data set" : "a folder of images")
        }
        guard isFolder.boolValue else { throw ImageSourceError.notAFolder(path: url.path) }
        if readingDataSets && FileManager.default.fileExists(atPath: url.appendingPathComponent(DatasetManifest.fileName).path) {
            storage = .dataset(try Dataset(folder: url))
            return
        }
        let all = recursive ? try DatasetBuilder.listFiles(in: url) : try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
        let files = all.filter { Self.imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
        guard !files.isEmpty else { throw ImageSourceError.noImages(path: url.path) }
        storage = .folder(url, files: files)
    }

    public var path: String { url.path }

    public var isDataset: Bool {
        if case .dataset = storage { return true }
        return false
    }

    /// Images the set holds.
    public var count: Int {
        switch storage {
        case .dataset(let data): return data.count
        case .folder(_, let files): return files.count
        }
    }

    /// Image `i`'s name: its file's path within the folder, or its source's name in a data set's manifest.
    public func name(_ i: Int) -> String {
        switch storage {
        case .dataset(let data): return data.manifest.images.indices.contains(i) ? data.manifest.images[i] : "\(i)"
        case .folder(_, let files): return files[i]
        }
    }

    /// The file of image `i` (a folder's; nil for a data set, whose images share level files).
    public func file(_ i: Int) -> String? {
        guard case .folder(let folder, let files) = storage else { return nil }
        return folder.appendingPathComponent(files[i]).path
    }

    /// `k` indices of the set, a seeded random subset in increasing order (all of them when k ≥ count).
    public func randomSubset(_ k: Int, seed: UInt64) -> [Int] {
        RandomSubset.indices(choosing: k, of: count, seed: seed)
    }

    /// The images at `indices`, in that order, with their indices. A data set gives its level at `resolution`
    /// (nil or absent: its largest); a folder decodes its files in parallel, `transform` applied to each as it is
    /// decoded (a resize, a crop). With `.fail`, the first file by position that does not decode (or that
    /// `transform` refuses) is the error, naming it; with `.skip` such files are left out. `progress` gets
    /// (done, total) after each chunk of 256.
    public func images(_ indices: [Int], resolution: Int? = nil, unreadable: Unreadable = .fail,
                       transform: ((Image) throws -> Image)? = nil,
                       progress: ((Int, Int) -> Void)? = nil) throws -> [(index: Int, image: Image)] {
        switch storage {
        case .dataset(let data):
            let r = resolution.flatMap { data.resolutions.contains($0) ? $0 : nil } ?? data.resolutions.max() ?? 4
            var out: [(index: Int, image: Image)] = []
            out.reserveCapacity(indices.count)
            for i in indices { out.append((i, try transform.map { try $0(data.image(i, resolution: r)) } ?? data.image(i, resolution: r))) }
            progress?(indices.count, indices.count)
            return out
        case .folder:
            var decoded = [Result<Image, Error>?](repeating: nil, count: indices.count)
            let chunk = 256
            for start in stride(from: 0, to: indices.count, by: chunk) {
                let end = min(start + chunk, indices.count)
                decoded.withUnsafeMutableBufferPointer { results in
                    DispatchQueue.concurrentPerform(iterations: end - start) { k in
                        let p = file(indices[start + k])!
                        results[start + k] = Result {
                            var image: Image
                            do { image = try Image(contentsOf: p) } catch { throw ImageSourceError.unreadable(path: p, reason: "\(error)") }
                            if let transform { image = try transform(image) }
                            return image
                        }
                    }
                }
                progress?(end, indices.count)
            }
            var out: [(index: Int, image: Image)] = []
            out.reserveCapacity(indices.count)
            for (i, result) in zip(indices, decoded) {
                switch result! {
                case .success(let image): out.append((i, image))
                case .failure(let error): if unreadable == .fail { throw error }
                }
            }
            return out
        }
    }

    /// Every image's pixels when they share one size; else the error names the first image (by position) whose
    /// size differs from the first one's.
    public static func checkOneSize(_ images: [(index: Int, image: Image)], of source: ImageSource) throws {
        guard let first = images.first?.image else { return }
        for (i, image) in images where (image.width, image.height) != (first.width, first.height) {
            throw ImageSourceError.sizeMismatch(path: source.file(i) ?? source.name(i), size: (image.width, image.height),
                                                expected: (first.width, first.height),
                                                first: source.file(images[0].index) ?? source.name(images[0].index))
        }
    }
}
