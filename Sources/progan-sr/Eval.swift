// progan-sr eval: the metrics on folders of images — SWD (ProGAN), MS-SSIM diversity, and the SR scores.
// Each prints a table and writes a JSON report (--report).

import ArgumentParser
import Foundation

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate images: SWD between two sets, MS-SSIM diversity of a set, PSNR/SSIM/MS-SSIM of SR outputs.",
        subcommands: [EvalSWD.self, EvalMSSSIM.self, EvalSR.self]
    )

    /// Writes `value` as pretty JSON to `path`, and says so.
    static func writeReport<T: Encodable>(_ value: T, to path: String) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try enc.encode(value).write(to: URL(fileURLWithPath: path))
        print("report: \(path)")
    }
}
