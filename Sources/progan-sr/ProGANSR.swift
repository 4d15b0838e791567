// progan-sr: the command-line tool. Each subcommand is a file of its own; this lists them.

import ArgumentParser
import Foundation
import Tensors

@main
struct ProGANSR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progan-sr",
        abstract: "Cheap high-resolution synthetic images: a depthwise-separable ProGAN trained to a low resolution, upscaled 4x by SRGAN.",
        subcommands: [Prepare.self, TrainProGAN.self, Sample.self, TrainSRGAN.self, Upscale.self, PipelineCommand.self, Study.self, Eval.self, CompareDownsampling.self, Bench.self]
    )

    static func main() {
        // A write past a file-size limit (ulimit -f) then fails with EFBIG, and the command stops naming the file,
        // instead of the process being killed by SIGXFSZ with nothing said.
        signal(SIGXFSZ, SIG_IGN)
        if let text = ProcessInfo.processInfo.environment["PROGANSR_THREADS"], !text.isEmpty, Parallel.threadsFromEnvironment == nil {
            FileHandle.standardError.write(Data("Error: PROGANSR_THREADS=\(text) is not a worker count (a whole number from 1 to 256)\n".utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        main(nil)
    }
}
