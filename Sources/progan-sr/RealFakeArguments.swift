// The flags `eval fid` and `eval kid` share word for word: the two sets they compare. (`eval swd` has its own
// --fake, which also takes degraded images, and the commands' --count, --resolution and --seed each say what
// differs for their metric, so those stay with each command.)

import ArgumentParser
import Pipeline

struct RealFakeArguments: ParsableArguments {
    @Option(help: "Real images: a folder, or a prepared data set.") var real: String
    @Option(help: "Generated images: a folder, a data set, or a stage-one run/checkpoint (sampled).") var fake: String

    /// The two sets, real then fake, inspected at `side` before anything is loaded.
    func inspect(side: Int?) throws -> [ImageSet] {
        try [real, fake].map { try ImageSet.inspect($0, side: side) }
    }
}
