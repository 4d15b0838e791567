// progan-sr study separable-placement: the preset trained with separable 3x3 convolutions in none, G, D and both,
// each for the same planned wall time, and measured by SWD (Pipeline's SeparablePlacementStudy). Writes
// OUT/placement.json, placement.txt, placement-swd-vs-seconds.png and placement-plan.json.

import ArgumentParser
import Foundation
import Pipeline
import ProGAN
import Runs

struct StudySeparablePlacement: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "separable-placement",
        abstract: "Where separable 3x3 convolutions pay: none, g, d, both trained for the same wall time, SWD at the end.",
        discussion: """
        Each mode's step is timed at every resolution of the preset first; its images per phase are then scaled so \
        that the estimated training takes --minutes (placement-plan.json). Each mode trains as a run folder under OUT \
        (separable-MODE): Ctrl-C or a kill stops the study, and the same command continues it. SWD is measured at the \
        preset's target resolution against the real images over --repeats seeds, and at each checkpoint for the plot.
        """)

    @Option(help: "The preset every mode trains (its separable field is replaced by each mode).") var preset = "stage1-demo"
    @Option(help: "Planned training wall time per mode, in minutes.") var minutes: Double = 4
    @Option(help: "Modes, comma-separated: none, g, d, both.") var modes = "none,g,d,both"
    @Option(help: "Prepared data set with a level at the preset's target resolution (default: the embedded emoji, prepared into OUT/data).")
    var data: String?
    @Option(help: "Study folder.") var out = "runs/placement"
    @Option(help: "Real images (and samples) per SWD (default: every real image, at most 16384).") var count: Int?
    @Option(help: "SWD seeds at the end of each run (seed, seed+1, …): mean ± std.") var repeats = 3
    @Option(help: "First SWD seed (also the samples' latents).") var seed: UInt64 = 1
    @Option(help: "Timed steps per resolution and mode, for the plan.") var timedSteps = 3

    func options() throws -> SeparablePlacementOptions {
        var o = SeparablePlacementOptions(base: try ProGANConfig.load(Presets.url(preset)), budgetSeconds: minutes * 60,
                                          out: URL(fileURLWithPath: out, isDirectory: true))
        o.modes = try modes.split(separator: ",").map { name in
            guard let mode = SeparableMode(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw usageError("--modes: \(name) is not one of none, g, d, both")
            }
            return mode
        }
        o.data = data.map { URL(fileURLWithPath: $0, isDirectory: true) }
        o.count = count
        o.repeats = repeats
        o.seed = seed
        o.timedSteps = timedSteps
        o.command = RunFlags.commandLine("study separable-placement")
        return o
    }

    func validate() throws {
        if let count { try ArgumentChecks.atLeast(count, 2, "--count") }
        try ArgumentChecks.atLeast(repeats, 1, "--repeats")
        try ArgumentChecks.atLeast(timedSteps, 1, "--timed-steps")
        guard minutes > 0, minutes.isFinite else { throw usageError("--minutes must be a positive number, got \(minutes)") }
        let o = try options()   // a preset that does not load: exit 1, naming it
        do { try o.validate() } catch { throw ValidationError("\(error)") }
        try ArgumentChecks.outputFolder(out)
    }

    func run() throws {
        StopRequest.install()
        let lines = ProgressLines()
        let report = try SeparablePlacementStudy.run(try options()) { event in
            switch event {
            case .preparing(let done, let total): lines.line("preparing the embedded emoji", unit: "images").update(done, of: total)
            case .timing(let mode, let r): FileHandle.standardError.write(Data("timing separable \(mode.rawValue) at \(r) px\n".utf8))
            case .training(let mode, let folder): print("separable \(mode.rawValue): \(folder.path)")
            case .progress(let mode, let done, let total): lines.line("separable \(mode.rawValue)", unit: "img").update(done, of: total)
            case .evaluating(let what, let done, let total): lines.line(what, unit: "sets").update(done, of: total)
            }
        }
        print(report.table())
        print("plot: \(report.chart)\nreport: \(out)/placement.json (and placement.txt)")
    }
}
