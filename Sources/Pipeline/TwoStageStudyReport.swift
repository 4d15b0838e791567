// The two-stage study's result: the published pipeline's Table 2 (SWD per Laplacian level and MS-SSIM at the
// output resolution, real against real as the floor) with the training-time column it lacks, and the curves
// of SWD against training seconds for both ways.

import Foundation

public struct TwoStageStudyReport: Codable, Sendable {
    public struct Row: Codable, Sendable {
        /// What made the images, e.g. "ProGAN to 32 px + SRGAN 4x".
        public let method: String
        /// SWD ×1e3 against the reference half of the reals, per level (highest first) and average.
        public let swdLevels: [Int]
        public let swdPerLevel: [Double]
        public let swdAverage: Double
        /// Mean MS-SSIM over random pairs within the set (lower: more diverse).
        public let msssimDiversity: Double
        /// Wall time of the training it needed (both stages' for the pipeline); nil for the reals.
        public let trainingSeconds: Double?
        /// With Inception weights (--inception): FID against the reference half and the Inception Score; nil without.
        public var fid: Double? = nil
        public var inceptionScore: Double? = nil
        public var inceptionScoreStd: Double? = nil
    }

    /// One point of a curve: where a way stood after `seconds` of training.
    public struct Point: Codable, Sendable {
        public let seconds: Double
        public let swdAverage: Double
        /// The checkpoint evaluated, and the resolution its samples were drawn at (bicubic to the output after).
        public let checkpoint: String
        public let resolution: Int
    }

    /// The figures another report quotes (the pipeline's cost section).
    public struct Summary: Codable, Sendable {
        public let path: String
        public let outputResolution: Int
        public let twoStageSeconds: Double
        public let fullSeconds: Double
    }

    public let date: String
    public let data: String
    public let stageOneResolution: Int
    public let outputResolution: Int
    /// Images per set in every row (each set against `images` reals of the reference half).
    public let images: Int
    public let realsAvailable: Int
    public let realsMirrored: Bool
    public let seed: UInt64
    /// Wall time of each training: stage one, stage two, ProGAN all the way (seconds).
    public let stageOneSeconds: Double
    public let stageTwoSeconds: Double
    public let fullSeconds: Double
    /// CPU seconds (user + system, all threads) of each training ("stage one", "stage two", "full"), when it ran
    /// from its start to its end in one process: robust to other processes on the machine, where wall time is not.
    public let cpuSeconds: [String: Double]
    /// The 1-minute load average when each training started and ended (another process slows the times).
    public let loadAverages: [String: [Double]]
    public let rows: [Row]
    /// SWD average at the output resolution against training seconds: the two-stage way (stage one's final
    /// samples, bicubic, then stage two at each of its checkpoints) and ProGAN all the way (each checkpoint).
    public let twoStageCurve: [Point]
    public let fullCurve: [Point]
    public let chart: String
    public let contactSheet: String

    public var twoStageSeconds: Double { stageOneSeconds + stageTwoSeconds }

    public func summary(path: String) -> Summary {
        Summary(path: path, outputResolution: outputResolution, twoStageSeconds: twoStageSeconds, fullSeconds: fullSeconds)
    }

    /// A study.json written by the study (`progan-sr study two-stage`).
    public static func load(_ url: URL) throws -> TwoStageStudyReport {
        do { return try JSONDecoder().decode(TwoStageStudyReport.self, from: Data(contentsOf: url)) } catch {
            throw PipelineError.notFound(what: "a two-stage study's study.json (progan-sr study two-stage)", path: url.path)
        }
    }

    /// The table printed on the terminal and written beside study.json.
    public func table() -> String {
        var lines = ["two stages against ProGAN trained all the way to \(outputResolution) px, on \(data)",
                     "SWD ×1e3 at \(outputResolution) px against \(images) real images (a random half; lower is closer), MS-SSIM within each set"
                     + " (lower is more diverse), training wall time",
                     ""]
        let levels = rows.first?.swdLevels ?? []
        let inception = rows.contains { $0.fid != nil }
        lines.append(pad("method", 38) + levels.map { pad(String(format: "%6d", $0), 8) }.joined() + "   avg    MS-SSIM   training"
                     + (inception ? "        FID   IS" : ""))
        for r in rows {
            let time = r.trainingSeconds.map { String(format: "%8.0f s", $0) } ?? "         —"
            var line = pad(r.method, 38) + r.swdPerLevel.map { pad(String(format: "%6.1f", $0), 8) }.joined()
                + String(format: "%6.1f    %6.4f  ", r.swdAverage, r.msssimDiversity) + time
            if let fid = r.fid, let score = r.inceptionScore, let std = r.inceptionScoreStd {
                line += String(format: "   %8.2f   %.3f ± %.3f", fid, score, std)
            }
            lines.append(line)
        }
        if inception {
            lines.append("FID against the same reference half, Inception Score over min(10, images) splits (pytorch-fid's Inception-v3;"
                         + " with fewer than 2048 images FID is biased upward: compare rows)")
        }
        lines.append("")
        lines.append(String(format: "training: stage one %.0f s + stage two %.0f s = %.0f s; ProGAN to %d px %.0f s (%.1fx the two stages)",
                            stageOneSeconds, stageTwoSeconds, twoStageSeconds, outputResolution, fullSeconds,
                            twoStageSeconds > 0 ? fullSeconds / twoStageSeconds : 0))
        if let one = cpuSeconds["stage one"], let two = cpuSeconds["stage two"], let full = cpuSeconds["full"] {
            lines.append(String(format: "CPU time: stage one %.0f s + stage two %.0f s = %.0f s; ProGAN to %d px %.0f s (%.1fx)",
                                one, two, one + two, outputResolution, full, one + two > 0 ? full / (one + two) : 0))
        }
        if realsMirrored { lines.append("reals mirrored at random, as the runs trained (the official protocol)") }
        return lines.joined(separator: "\n")
    }

    private func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
}
