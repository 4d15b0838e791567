// Loading an eval set with a progress line: the library's ImageSet reports (done, total); the CLI draws it on
// stderr as "loading <path>" (a folder or data set) or "sampling <path>" (a stage-one run or checkpoint).

import Metrics
import Pipeline

extension ImageSet {
    /// `load(count:seed:)` with its progress drawn on stderr.
    func loadShowingProgress(count: Int?, seed: UInt64 = 1) throws -> ImageBatch {
        let line = ProgressLine("\(isSampled ? "sampling" : "loading") \(path)")
        return try load(count: count, seed: seed) { line.update($0, of: $1) }
    }
}
