// progan-sr bench: speed measurements that print a table and JSON lines (see ../shared/bench/README.md).

import ArgumentParser

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure speed: ops (conv kernels against sgemm).",
        subcommands: []
    )
}
