// progan-sr: the command-line tool. Each subcommand is a file of its own; this lists them.

import ArgumentParser

@main
struct ProGANSR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progan-sr",
        abstract: "Cheap high-resolution synthetic images: a depthwise-separable ProGAN trained to a low resolution, upscaled 4x by SRGAN.",
        subcommands: [Prepare.self, TrainProGAN.self, Sample.self, TrainSRGAN.self, Upscale.self, PipelineCommand.self, Eval.self, CompareDownsampling.self, Bench.self]
    )
}
