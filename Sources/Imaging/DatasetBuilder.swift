// Building a prepared data set (`progan-sr prepare`): every image of a folder, decoded once, made
// square, resized to the top resolution, and halved by 2x2 box averaging down to 4x4 — the levels
// of detail ProGAN trains through, as its dataset_tool.py builds them (one TFRecord per level there,
// one raw uint8 file per level here).
//
// Memory per image is bounded: a file's size is read from its header first, files of more than
// `maximumPixels` are skipped (named, with their size), and a file much larger than the top resolution is
// shrunk by an integer factor as it is read (box averages, or a JPEG's DCT shrink-on-load) to no less than
// `shrinkMargin` times the top resolution on its shorter side, before the kernel's resize.
//
// Files are decoded on every core, in chunks, and written in the folder's sorted order, so the
// result does not depend on thread timing. Everything is written into a hidden temporary folder
// that is renamed to the output only at the end: an interrupted run leaves no folder that looks
// like a finished data set.

import Dispatch
import Foundation

public struct DatasetOptions: Sendable {
    /// Top resolution (a power of two ≥ 4), e.g. 64.
    public var resolution = 64
    /// Kernel from the (cropped) source to the top resolution, e.g. .bicubic.
    public var kernel = ResizeKernel.bicubic
    public var crop = CropMode.center
    /// Background transparent pixels are flattened on.
    public var background = AlphaBackground.white
    /// Stop at the first unusable file instead of listing and skipping it.
    public var strict = false
    /// Images smaller than this on their shorter side are skipped (too little picture to learn from).
    public var minimumSide = 8
    /// Files with more pixels than this are skipped (their size is read from the header; nothing is decoded).
    public var maximumPixels = Image.defaultMaximumPixels
    /// Decoding threads (the machine's cores by default).
    public var workers = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)

    public init() {}
}

public enum DatasetBuilder {
    /// Whether `r` is a usable top resolution.
    public static func isValidResolution(_ r: Int) -> Bool { r >= 4 && r & (r - 1) == 0 }

    /// The resolutions of a data set whose top level is `r`: r, r/2, …, 4.
    public static func levels(top r: Int) -> [Int] {
        var out: [Int] = [], s = r
        while s >= 4 { out.append(s); s /= 2 }
        return out
    }

    /// Files under `folder`, recursively, hidden ones left out, sorted by relative path.
    public static func listFiles(in folder: URL) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError.sourceNotFound(path: folder.path)
        }
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else {
            throw DatasetError.sourceNotFound(path: folder.path)
        }
        let base = folder.standardizedFileURL.path
        var files: [String] = []
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            var path = url.standardizedFileURL.path
            if path.hasPrefix(base + "/") { path.removeFirst(base.count + 1) }
            files.append(path)
        }
        return files.sorted()
    }

    /// Builds the data set from `source` into `output` (which must not exist). `progress` is called
    /// with (files done, files total) after each chunk.
    @discardableResult
    public static func prepare(source: URL, output: URL, options: DatasetOptions,
                               progress: ((Int, Int) -> Void)? = nil) throws -> DatasetManifest {
        guard isValidResolution(options.resolution) else { throw DatasetError.resolutionNotPowerOfTwo(options.resolution) }
        let files = try listFiles(in: source)
        if files.isEmpty { throw DatasetError.emptyFolder(path: source.path) }
        if FileManager.default.fileExists(atPath: output.path) { throw DatasetError.outputExists(path: output.path) }
        try Vips.start()

        let parent = output.deletingLastPathComponent()
        let temp = parent.appendingPathComponent(".\(output.lastPathComponent).partial-\(getpid())", isDirectory: true)
        try? FileManager.default.removeItem(at: temp)
        do {
            try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        } catch {
            throw DatasetError.cannotWrite(path: temp.path, reason: error.localizedDescription)
        }
        var finished = false
        defer { if !finished { try? FileManager.default.removeItem(at: temp) } }

        let resolutions = levels(top: options.resolution)
        var handles: [FileHandle] = []
        for r in resolutions {
            let path = temp.appendingPathComponent(DatasetManifest.fileName(resolution: r)).path
            guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
                throw DatasetError.cannotWrite(path: path, reason: "cannot create the file")
            }
            handles.append(h)
        }
        defer { for h in handles { try? h.close() } }

        // One image per core at a time: libvips' own threads would only compete with ours.
        Vips.setConcurrency(1)
        defer { Vips.setConcurrency(0) }

        var images: [String] = [], skipped: [SkippedFile] = []
        let workers = Swift.max(1, options.workers)
        let chunk = 32 * workers
        var start = 0
        while start < files.count {
            let end = Swift.min(start + chunk, files.count)
            let results = UnsafeMutableBufferPointer<Outcome>.allocate(capacity: end - start)
            results.initialize(repeating: .skipped(""))
            defer { results.deallocate() }
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var i = start + w
                while i < end {
                    let path = source.appendingPathComponent(files[i]).path
                    results[i - start] = pyramid(path: path, options: options, resolutions: resolutions)
                    i += workers
                }
            }
            for i in start..<end {
                switch results[i - start] {
                case .levels(let data):
                    for (h, bytes) in zip(handles, data) {
                        do { try h.write(contentsOf: bytes) } catch {
                            throw DatasetError.cannotWrite(path: temp.path, reason: error.localizedDescription)
                        }
                    }
                    images.append(files[i])
                case .skipped(let reason):
                    if options.strict { throw DatasetError.strictStop(path: source.appendingPathComponent(files[i]).path, reason: reason) }
                    skipped.append(SkippedFile(path: files[i], reason: reason))
                }
            }
            start = end
            progress?(end, files.count)
        }
        if images.isEmpty {
            throw DatasetError.noReadableImages(path: source.path, skipped: skipped.count, firstReason: skipped.first.map { "\($0.path): \($0.reason)" } ?? "")
        }
        var fileNames: [String: String] = [:]
        for r in resolutions { fileNames[String(r)] = DatasetManifest.fileName(resolution: r) }
        let manifest = DatasetManifest(count: images.count, resolutions: resolutions, files: fileNames,
                                       kernel: options.kernel.rawValue, crop: options.crop,
                                       background: options.background.rawValue, source: source.path,
                                       images: images, skipped: skipped)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            for h in handles { try h.synchronize() }
            try encoder.encode(manifest).write(to: temp.appendingPathComponent(DatasetManifest.fileName))
            try FileManager.default.moveItem(at: temp, to: output)
        } catch {
            throw DatasetError.cannotWrite(path: output.path, reason: error.localizedDescription)
        }
        finished = true
        return manifest
    }

    enum Outcome {
        /// One byte array per resolution, largest first: (r, r, 3) uint8 each.
        case levels([[UInt8]])
        case skipped(String)
    }

    /// A file is shrunk on load to no less than this many times the top resolution on its shorter side.
    static let shrinkMargin = 4

    /// The integer factor a `width` x `height` file is shrunk by on load for the top resolution `r` (1: not at all).
    static func shrinkOnLoad(width: Int, height: Int, resolution r: Int) -> Int {
        Swift.max(1, Swift.min(width, height) / (shrinkMargin * r))
    }

    /// Decodes one file and builds its levels, or says why it cannot be used.
    static func pyramid(path: String, options: DatasetOptions, resolutions: [Int]) -> Outcome {
        let image: Image
        do {
            let (width, height) = try Image.dimensions(ofFile: path)
            image = try Image(contentsOf: path, background: options.background, maximumPixels: options.maximumPixels,
                              shrink: shrinkOnLoad(width: width, height: height, resolution: resolutions[0]))
        } catch let error as ImagingError {
            return .skipped(reason(error))
        } catch {
            return .skipped("\(error)")
        }
        if Swift.min(image.width, image.height) < options.minimumSide {
            return .skipped("\(image.width)x\(image.height) is smaller than \(options.minimumSide) px on its shorter side")
        }
        let square = options.crop == .center ? image.centerSquare() : image
        let top: Image
        do {
            top = try square.resized(side: resolutions[0], kernel: options.kernel)
        } catch {
            return .skipped("\(error)")
        }
        return .levels(halvings(top.pixels, side: resolutions[0], count: resolutions.count))
    }

    /// The error's reason without the path (the manifest lists the path beside it).
    static func reason(_ error: ImagingError) -> String {
        switch error {
        case .emptyFile: return "empty file (0 bytes)"
        case .undecodable(_, let reason): return "not a readable image: \(reason)"
        case .fileNotFound: return "cannot open the file"
        case let .tooLarge(_, width, height, limit):
            return "\(width)x\(height) is \(ImagingError.megapixels(width * height)) megapixels, over the limit of "
                + "\(ImagingError.megapixels(limit)) megapixels (--max-megapixels)"
        default: return error.description
        }
    }

    /// `top` (side, side, 3) and its 2x2 box-averaged halvings, `count` levels in all. As in ProGAN's
    /// dataset_tool.py, averaging continues from the unrounded floats and each level is rounded
    /// (half to even, numpy's rint) only when it is stored.
    static func halvings(_ top: [UInt8], side: Int, count: Int) -> [[UInt8]] {
        var levels = [top]
        var current = top.map(Float.init), s = side
        for _ in 1..<Swift.max(count, 1) {
            let h = s / 2
            var next = [Float](repeating: 0, count: h * h * 3)
            for y in 0..<h {
                for x in 0..<h {
                    for c in 0..<3 {
                        let a = current[((2 * y) * s + 2 * x) * 3 + c], b = current[((2 * y) * s + 2 * x + 1) * 3 + c]
                        let d = current[((2 * y + 1) * s + 2 * x) * 3 + c], e = current[((2 * y + 1) * s + 2 * x + 1) * 3 + c]
                        next[(y * h + x) * 3 + c] = (a + b + d + e) * 0.25
                    }
                }
            }
            levels.append(next.map { UInt8(Swift.min(255, Swift.max(0, $0.rounded(.toNearestOrEven)))) })
            current = next
            s = h
        }
        return levels
    }
}
