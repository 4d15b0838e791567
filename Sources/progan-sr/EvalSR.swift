// progan-sr eval sr: PSNR and SSIM (Y and RGB, scale-pixel border crop) and MS-SSIM of super-resolved
// outputs against ground truths, matched by file name.

import ArgumentParser
import Foundation
import Metrics
import Pipeline

struct EvalSR: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sr",
        abstract: "PSNR/SSIM on Y and RGB (BasicSR convention) and MS-SSIM of outputs vs ground truths (same file names).")

    @Option(help: "Folder of super-resolved outputs.") var output: String
    @Option(help: "Folder of ground-truth images, same names and sizes.") var truth: String
    @Option(help: "Upscaling factor: pixels cropped at each border for PSNR/SSIM.") var scale = 4
    @Option(help: "JSON report path.") var report = "sr.json"

    func validate() throws {
        try ArgumentChecks.atLeast(scale, 1, "--scale")
        try ArgumentChecks.outputFile(report, "--report")
    }

    func run() throws {
        // Names first, images after: a mismatch is found before anything is decoded.
        let outNames = try ImageFolder.sameFileNames(output, truth)
        let (out, _) = try ImageFolder.load(output)
        let (gt, _) = try ImageFolder.load(truth)
        let minimum = SRQuality.minimumSide(border: scale)
        guard min(gt.height, gt.width) >= minimum else {
            throw MetricsError.tooSmall(what: "SR scores of \(truth) with --scale \(scale) (the border cropped)", height: gt.height, width: gt.width, minimum: minimum)
        }
        let r = try SREvaluation.evaluate(outputs: out, truths: gt, names: outNames, scale: scale)
        print("image                      PSNR-Y  SSIM-Y  PSNR-RGB SSIM-RGB MS-SSIM")
        for s in r.images + [r.mean] {
            let name = String(s.name.prefix(25)).padding(toLength: 25, withPad: " ", startingAt: 0)
            print(name + String(format: " %7.2f  %.4f  %7.2f  %.4f   %.4f", s.psnrY, s.ssimY, s.psnrRGB, s.ssimRGB, s.msssim))
        }
        try Eval.writeReport(r, to: report)
    }
}
