// The pipeline's report: what each step cost per image, how close each set of images is to the real
// ones (the rows of the published two-stage pipeline's Table 2: SWD and MS-SSIM before and after
// super-resolution, with the real images as the reference), and what training stage one saved.

import Foundation
import ProGAN
import Runs

public struct PipelineReport: Codable, Sendable {
    public struct StepTime: Codable, Sendable {
        public let step: String
        public let seconds: Double
        public let images: Int
        public var millisecondsPerImage: Double { images > 0 ? 1000 * seconds / Double(images) : 0 }
    }

    public struct QualityRow: Codable, Sendable {
        /// "real", "stage one", "bicubic 4x", "SRGAN 4x".
        public let set: String
        public let resolution: Int
        /// SWD ×1e3 against the real images at this resolution, per level (highest first), and average.
        public let swdLevels: [Int]
        public let swdPerLevel: [Double]
        public let swdAverage: Double?
        /// Mean MS-SSIM over random pairs within the set (lower: more diverse).
        public let msssimDiversity: Double
        /// With Inception weights (--inception): FID against the reference half (pytorch-fid's), and the Inception
        /// Score (mean ± std over min(10, images) splits, torch-fidelity's); nil without.
        public var fid: Double? = nil
        public var inceptionScore: Double? = nil
        public var inceptionScoreStd: Double? = nil
    }

    public struct Cost: Codable, Sendable {
        /// How long the stages trained, from their run logs (wall time, or the sum of step times for runs written
        /// before wall time was logged: `measure` says which); nil when a log is not there — unknown, never 0.
        public let stageOne: TrainingTime?
        public let stageTwo: TrainingTime?
        /// Resolutions ProGAN would still have to train to reach the output resolution: an extrapolation from
        /// timed steps.
        public let missing: [MissingResolutionCost]
        public var missingSeconds: Double { missing.reduce(0) { $0 + $1.estimatedSeconds } }
        /// What a two-stage study measured, when one was given (--study).
        public let study: TwoStageStudyReport.Summary?
    }

    public let date: String
    public let count: Int
    /// Images per set in the quality rows: `count`, or half the real images when the real set holds fewer
    /// than 2 × count (one half is the reference, the other the reals' own row).
    public let metricImages: Int
    /// Real images read for the metrics (a seeded random subset of the `realAvailable` the set holds, in two
    /// disjoint halves), each mirrored at random when stage one trained with mirroring (`realsMirrored`).
    public let realImages: Int
    public let realAvailable: Int
    public let realsMirrored: Bool
    public let stageOneResolution: Int
    public let inputResolution: Int
    public let outputResolution: Int
    public let times: [StepTime]
    public let quality: [QualityRow]
    public let cost: Cost?
    public let contactSheet: String
    public let imagesFolder: String

    /// The table printed on the terminal.
    public func table() -> String {
        var lines: [String] = []
        lines.append("time per image")
        for t in times { lines.append("  " + pad(t.step, 32) + String(format: "%9.2f ms", t.millisecondsPerImage)) }
        let total = times.reduce(0) { $0 + $1.millisecondsPerImage }
        lines.append("  " + pad("total", 32) + String(format: "%9.2f ms", total))
        lines.append("")
        lines.append("quality against the real images (SWD ×1e3 per level, lower is closer; MS-SSIM within the set, lower is more diverse)")
        if metricImages < count {
            lines.append("  on \(metricImages) images per set: the real set has \(realAvailable) images, fewer than 2 × \(count)")
        }
        lines.append("  reals: \(realImages) of \(realAvailable), a seeded random subset in two disjoint halves (the reference, and the"
                     + " 'real' row)" + (realsMirrored ? "; mirrored at random, as stage one trained" : ""))
        let inception = quality.contains { $0.fid != nil }
        if inception {
            lines.append("  FID against the reference half and Inception Score (pytorch-fid's Inception-v3; with fewer than 2048 images"
                         + " per set FID is biased upward: compare rows of one report)")
        }
        lines.append("  " + pad("set", 18) + " res   " + pad("SWD per level (px:value)", 34) + "SWD avg   MS-SSIM"
                     + (inception ? "        FID   IS" : ""))
        for q in quality {
            let levels = zip(q.swdLevels, q.swdPerLevel).map { String(format: "%d:%.1f", $0, $1) }.joined(separator: " ")
            let average = q.swdAverage.map { String(format: "%7.2f", $0) } ?? "      —"
            var line = "  " + pad(q.set, 18) + String(format: "%4d   ", q.resolution) + pad(levels.isEmpty ? "— (under 16 px)" : levels, 34)
                + average + String(format: "   %7.4f", q.msssimDiversity)
            if let fid = q.fid, let score = q.inceptionScore, let std = q.inceptionScoreStd {
                line += String(format: "   %8.2f   %.3f ± %.3f", fid, score, std)
            }
            lines.append(line)
        }
        if let cost {
            lines.append("")
            lines.append("cost")
            func trained(_ time: TrainingTime?) -> String {
                time.map { String(format: "%8.0f s  (%@, from its log.jsonl)", $0.seconds, $0.measure.rawValue) }
                    ?? "  unknown  (the run has no log.jsonl)"
            }
            lines.append("  stage one trained for                " + trained(cost.stageOne))
            lines.append("  stage two trained for                " + trained(cost.stageTwo))
            for m in cost.missing {
                lines.append(String(format: "  ProGAN at %3d px would need          %8.0f s  (estimated: %d images × %.3f s/step at batch %d,"
                                    + " the mean of %d timed steps on real images)",
                                    m.resolution, m.estimatedSeconds, m.images, m.secondsPerStep, m.batch, m.timedSteps))
            }
            if let one = cost.stageOne, let two = cost.stageTwo {
                let spent = one.seconds + two.seconds, full = one.seconds + cost.missingSeconds
                lines.append(String(format: "  two stages: %.0f s; ProGAN alone to %d px: %.0f s (extrapolated: stage one's time + the estimates"
                                    + " above); saved %.0f s (%.1fx, estimated)",
                                    spent, outputResolution, full, full - spent, spent > 0 ? full / spent : 0))
            } else {
                lines.append("  two stages: unknown (a stage's training time is missing), so no saving is claimed")
            }
            if let study = cost.study {
                lines.append(String(format: "  measured by the two-stage study (%@): two stages %.0f s, ProGAN trained to %d px %.0f s (wall time):"
                                    + " %.1fx", study.path, study.twoStageSeconds, study.outputResolution, study.fullSeconds,
                                    study.twoStageSeconds > 0 ? study.fullSeconds / study.twoStageSeconds : 0))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `s` padded with spaces to `width` characters (String(format:)'s %-N@ does not pad on Linux).
    private func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
}
