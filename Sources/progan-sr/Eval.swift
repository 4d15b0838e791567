// progan-sr eval: the metrics on folders of images — SWD (ProGAN), MS-SSIM diversity, the SR scores, and FID, KID
// and IS (Inception-v3 from a user-given weights file).
// Each prints a table and writes a JSON report (--report); fid, kid and is print their JSON on stdout with --json.

import ArgumentParser
import Foundation

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate images: SWD, FID and KID between two sets, MS-SSIM diversity and Inception Score of a set, PSNR/SSIM/MS-SSIM of SR outputs.",
        subcommands: [EvalSWD.self, EvalMSSSIM.self, EvalSR.self, EvalFID.self, EvalKID.self, EvalIS.self]
    )

    /// Writes `value` as pretty JSON to `path`, and says so.
    static func writeReport<T: Encodable>(_ value: T, to path: String) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try enc.encode(value).write(to: URL(fileURLWithPath: path))
        print("report: \(path)")
    }
}
