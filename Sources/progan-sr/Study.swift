// progan-sr study: experiments that answer a question end to end, with a table, a plot and JSON.

import ArgumentParser

struct Study: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Studies: the two-stage pipeline against ProGAN trained all the way; where separable convolutions pay.",
        subcommands: [StudyTwoStage.self, StudySeparablePlacement.self])
}
