// progan-sr bench: speed measurements. Each prints a table for people, then one JSON line per result
// shaped like the PyTorch peers' (../shared/bench/README.md), so compare.py can put them side by side.

import ArgumentParser
import Foundation
import Tensors

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure speed against the PyTorch peers (see ../shared/bench).",
        subcommands: [BenchOps.self, BenchTrainStep.self, BenchTrainSpeed.self, BenchSWD.self, BenchUpscale.self, BenchSRGANStep.self,
                       BenchInception.self]
    )
}

/// One JSON object on one line, keys in a stable order.
func jsonLine(_ object: [String: Any]) -> String {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}
