// progan-sr eval sr: PSNR and SSIM (Y and RGB, scale-pixel border crop) and MS-SSIM of super-resolved
// outputs against ground truths, matched by file name.

import ArgumentParser
import Foundation
import Metrics

struct EvalSR: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sr",
        abstract: "PSNR/SSIM on Y and RGB (BasicSR convention) and MS-SSIM of outputs vs ground truths (same file names).")

    @Option(help: "Folder of super-resolved outputs.") var output: String
    @Option(help: "Folder of ground-truth images, same names and sizes.") var truth: String
    @Option(help: "Upscaling factor: pixels cropped at each border for PSNR/SSIM.") var scale = 4
    @Option(help: "JSON report path.") var report = "sr.json"

    func run() throws {
        let (out, outNames) = try ImageFolder.load(output)
        let (gt, gtNames) = try ImageFolder.load(truth)
        guard outNames == gtNames else {
            let missing = Set(outNames).symmetricDifference(gtNames).sorted().prefix(5)
            throw ValidationError("\(output) and \(truth) must hold the same file names; differing: \(missing.joined(separator: ", "))")
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
