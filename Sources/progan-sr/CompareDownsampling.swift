// progan-sr compare-downsampling: time and quality of every resampling kernel on a folder of images
// (see Imaging/DownsamplingComparison for the measures).

import ArgumentParser
import Bench
import Foundation
import Imaging

struct CompareDownsampling: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare-downsampling",
        abstract: "Compare downsampling kernels: time per image, round-trip PSNR/SSIM on Y, aliasing.",
        discussion: """
        Each image is centre-cropped to a square and downsampled to --to px by every kernel. Time is the \
        median over --repeat runs (decoding excluded), on one thread and on all threads. Quality: enlarge \
        back with lanczos3 and compare with the original (PSNR and SSIM on Y, BT.601). Aliasing: the RMS \
        left by the kernel where a zone plate is above the target Nyquist frequency, relative to the \
        plate's RMS (0 = none, 1 = unfiltered). Writes a table, downsampling.json and downsampling.png.
        """)

    @Argument(help: "Folder of images, searched recursively (default: the embedded samples/noto-emoji-people).")
    var source: String?

    @Option(help: "Target side in pixels.")
    var to = 64

    @Option(help: "all (the distinct kernels), or a comma-separated list such as bicubic,box,lanczos.")
    var kernels = "all"

    @Option(help: "Timing runs per kernel; the median is reported.")
    var `repeat` = 3

    @Option(help: "Use at most this many images (0 = all).")
    var limit = 0

    @Option(help: "Folder for downsampling.json and downsampling.png.")
    var out = "."

    /// The kernels --kernels names.
    func kernelList() throws -> [ResizeKernel] {
        kernels == "all" ? ResizeKernel.distinct
            : try kernels.split(separator: ",").map { try ResizeKernel(name: $0.trimmingCharacters(in: .whitespaces)) }
    }

    func validate() throws {
        try ArgumentChecks.atLeast(to, 4, "--to")
        try ArgumentChecks.atLeast(`repeat`, 1, "--repeat")
        try ArgumentChecks.atLeast(limit, 0, "--limit")
        do { guard try !kernelList().isEmpty else { throw ValidationError("--kernels names no kernel") } } catch let e as ValidationError { throw e } catch {
            throw ValidationError("--kernels: \(error)")
        }
        try ArgumentChecks.outputFolder(out)
    }

    func run() throws {
        let folder = source.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? EmbeddedSamples.folder
        let list = try kernelList()
        var files = try DatasetBuilder.listFiles(in: folder)
        if files.isEmpty { throw DatasetError.emptyFolder(path: folder.path) }
        if limit > 0 { files = Array(files.prefix(limit)) }
        var images: [Image] = []
        var skipped = 0
        let loading = ProgressLine("decode")
        for (i, file) in files.enumerated() {
            if let image = try? Image(contentsOf: folder.appendingPathComponent(file).path), DownsamplingComparison.isUsable(image, to: to) {
                images.append(image)
            } else {
                skipped += 1
            }
            loading.update(i + 1, of: files.count)
        }
        if images.isEmpty {
            throw DatasetError.noReadableImages(path: folder.path, skipped: skipped, firstReason: "no image larger than \(to) px and at least 11 px")
        }
        if skipped > 0 { print("skipped \(skipped) files that are not images larger than \(to) px (and at least 11 px, for SSIM)") }
        let progress = ProgressLine("compare", unit: "kernels")
        let report = try DownsamplingComparison.run(images: images, source: folder.path, to: to, kernels: list,
                                                    repeats: `repeat`) { progress.update($0, of: $1) }
        print(String(format: "%d images, %@ → %d px, median of %d, %d threads; quality = round trip through lanczos3",
                     report.images, report.from > 0 ? "\(report.from)" : "mixed sizes", report.to, report.repeats, report.threads))
        print("kernel      impl     ms/img 1 thr  ms/img all  PSNR-Y dB  SSIM-Y   aliasing")
        for r in report.results {
            let name = r.kernel.padding(toLength: 10, withPad: " ", startingAt: 0)
            let impl = r.implementation.padding(toLength: 7, withPad: " ", startingAt: 0)
            let numbers = String(format: "%12.3f  %10.3f  %9.2f  %6.4f", r.msPerImageOneThread, r.msPerImageAllThreads, r.psnrY, r.ssimY)
            print("\(name)  \(impl)  \(numbers)   \(r.aliasing.map { String(format: "%.3f", $0) } ?? "n/a")")
        }
        let outDir = URL(fileURLWithPath: out, isDirectory: true)
        try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = outDir.appendingPathComponent("downsampling.json")
        try encoder.encode(report).write(to: json)
        let png = outDir.appendingPathComponent("downsampling.png").path
        try DownsamplingComparison.sheet(images[0], to: to, kernels: list).save(to: png)
        print("wrote \(json.path) and \(png)")
    }
}
