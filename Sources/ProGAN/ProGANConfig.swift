// ProGANConfig: every setting of a stage-one run. The presets in Stages/stage1-*.json use these
// names, and so do the flags of `progan-sr train-progan` (a flag overrides the preset).

import Foundation

/// Which 3x3 convolutions are depthwise-separable (depthwise 3x3 then pointwise 1x1).
public enum SeparableMode: String, Codable, CaseIterable, Sendable {
    case none, g, d, both
    public var generator: Bool { self == .g || self == .both }
    public var discriminator: Bool { self == .d || self == .both }
}

public struct ProGANConfig: Codable, Equatable, Sendable {
    // MARK: Networks (Karras et al. 2018, Table 2; the official config's names)
    /// Latent vector size, e.g. 512 (paper), 128 (CPU presets).
    public var latentSize = 128
    /// Channels at stage s: min(fmapBase / 2^(s · fmapDecay), fmapMax); e.g. 8192 (paper), 1024 (CPU).
    public var fmapBase = 1024
    public var fmapDecay: Double = 1.0
    /// Channel cap, e.g. 512 (paper), 128 (CPU).
    public var fmapMax = 128
    /// Which 3x3 convolutions are depthwise-separable.
    public var separable = SeparableMode.both
    /// Minibatch standard deviation group size (§3 of the paper): 4.
    public var mbstdGroupSize = 4

    // MARK: Schedule
    /// Stop after this resolution's stabilise phase (8…128; the point is to stop low: 16–64).
    public var targetResolution = 32
    /// Images shown while a new resolution fades in, e.g. 600_000 (paper).
    public var fadeInImages = 600_000
    /// Images shown while a resolution trains at full strength (4x4 has only this phase), e.g. 600_000.
    public var stabilizeImages = 600_000
    /// Images per phase at particular resolutions ("16": 4000: fade-in and stabilise at 16 px take 4,000
    /// images each); resolutions not listed use `fadeInImages` and `stabilizeImages`. Lets a short run
    /// spend its budget where it pays (the low resolutions are many times cheaper per image).
    public var phaseImages: [String: Int] = [:]
    /// Images shown by the whole run, the official train.py's total_kimg: when the phases end sooner, the target
    /// resolution's stabilise phase goes on until this many (the paper: 12,000,000). 0: the phases' own end.
    public var totalImages = 0
    /// Minibatch size per resolution ("4": 16, …); resolutions not listed use `minibatchDefault`.
    public var minibatch: [String: Int] = [:]
    public var minibatchDefault = 16

    // MARK: Optimisation (WGAN-GP as the official code)
    public var learningRate: Float = 1e-3
    public var beta1: Float = 0
    public var beta2: Float = 0.99
    public var epsilon: Float = 1e-8
    /// Gradient penalty weight λ (Gulrajani et al. 2017): 10.
    public var gradientPenaltyWeight: Float = 10
    /// Drift term ε_drift · D(real)² (ProGAN appendix A.1): 0.001.
    public var driftWeight: Float = 1e-3
    /// G's weight average half-life in images (StyleGAN's ema_kimg): β = 0.5^(batch / halfLife) per step.
    /// The paper's β 0.999 at batch 16 is a half-life of about 11,000 images.
    public var emaHalfLifeImages = 10_000
    /// Horizontal mirror augmentation of the reals.
    public var mirror = true
    public var seed: UInt64 = 1

    // MARK: Run folder
    /// Write a checkpoint every this many images (and at the end of each resolution).
    public var checkpointEveryImages = 20_000
    /// Checkpoints kept (the oldest are deleted).
    public var keepCheckpoints = 3
    /// Sample grid: this many columns × rows from a fixed latent.
    public var gridColumns = 8
    public var gridRows = 4
    /// Real images used for SWD at the end of each resolution (0 = no SWD).
    public var swdImages = 1024

    public init() {}

    /// Channels of stage s (1 = the 4x4 stage), as `nf(stage)` in the official networks.py.
    public func channels(stage: Int) -> Int {
        min(Int(Double(fmapBase) / pow(2.0, Double(stage) * fmapDecay)), fmapMax)
    }

    public func minibatchSize(resolution: Int) -> Int { minibatch[String(resolution)] ?? minibatchDefault }
    public func fadeInImages(resolution: Int) -> Int { phaseImages[String(resolution)] ?? fadeInImages }
    public func stabilizeImages(resolution: Int) -> Int { phaseImages[String(resolution)] ?? stabilizeImages }

    /// This run's settings trained on up to `resolution` with the same schedule: a resolution above the target takes
    /// the target's phase lengths when the run lists phase lengths per resolution (a schedule carried on as it
    /// was), the global ones otherwise; minibatch sizes as listed, else the default. What "ProGAN trained all the
    /// way" means in the pipeline's cost estimate and the two-stage study.
    public func continued(to resolution: Int) -> ProGANConfig {
        var c = self
        var r = targetResolution * 2
        while r <= resolution {
            if !phaseImages.isEmpty && phaseImages[String(r)] == nil {
                c.phaseImages[String(r)] = phaseImages[String(targetResolution)]
            }
            r *= 2
        }
        c.targetResolution = resolution
        return c
    }

    /// Resolutions trained, 4 … target.
    public var resolutions: [Int] { stride(from: 2, through: targetResolution.trailingZeroBitCount, by: 1).map { 1 << $0 } }

    /// Checks the values a user can get wrong; the error names the field.
    public func validate() throws {
        func fail(_ field: String, _ why: String) -> ProGANError { .invalidConfig(field: field, reason: why) }
        guard [8, 16, 32, 64, 128].contains(targetResolution) else { throw fail("targetResolution", "must be 8, 16, 32, 64 or 128, got \(targetResolution)") }
        guard latentSize > 0 else { throw fail("latentSize", "must be positive") }
        guard fmapBase > 0, fmapMax > 0 else { throw fail("fmapBase/fmapMax", "must be positive") }
        guard fadeInImages >= 0, stabilizeImages > 0 else { throw fail("fadeInImages/stabilizeImages", "need fadeIn ≥ 0 and stabilize > 0") }
        for r in resolutions where minibatchSize(resolution: r) < 1 { throw fail("minibatch", "size at \(r) px must be ≥ 1") }
        for (k, v) in phaseImages where Int(k) == nil || v <= 0 { throw fail("phaseImages", "\"\(k)\": \(v) must map a resolution to a positive count") }
        for r in resolutions where minibatchSize(resolution: r) % min(mbstdGroupSize, minibatchSize(resolution: r)) != 0 {
            throw fail("minibatch", "size \(minibatchSize(resolution: r)) at \(r) px is not a multiple of the minibatch-stddev group \(mbstdGroupSize)")
        }
        guard emaHalfLifeImages >= 0 else { throw fail("emaHalfLifeImages", "must be ≥ 0") }
        guard learningRate > 0, learningRate.isFinite else { throw fail("learningRate", "must be positive") }
        guard mbstdGroupSize >= 1 else { throw fail("mbstdGroupSize", "must be ≥ 1") }
        // A checkpoint interval of 0 wrote a checkpoint after every step; 0 kept would delete every one.
        guard checkpointEveryImages >= 1 else { throw fail("checkpointEveryImages", "must be ≥ 1, got \(checkpointEveryImages)") }
        guard keepCheckpoints >= 1 else { throw fail("keepCheckpoints", "must be ≥ 1, got \(keepCheckpoints)") }
        guard gridColumns >= 1, gridRows >= 1 else { throw fail("gridColumns/gridRows", "must be ≥ 1") }
        guard totalImages >= 0 else { throw fail("totalImages", "must be ≥ 0 (0: the phases' own end), got \(totalImages)") }
        guard swdImages >= 0 else { throw fail("swdImages", "must be ≥ 0 (0: no SWD), got \(swdImages)") }
    }

    /// Reads a preset (JSON with any subset of the fields; the rest keep their defaults).
    public static func load(_ url: URL) throws -> ProGANConfig {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw ProGANError.unreadable(path: url.path, reason: error.localizedDescription) }
        do { return try decode(data, source: url.lastPathComponent) } catch let e as ProGANError { throw e } catch {
            throw ProGANError.invalidConfig(field: url.lastPathComponent, reason: "not a valid stage-one preset: \(error)")
        }
    }

    /// A config from JSON holding any subset of the fields (a preset, or a config written before a field existed:
    /// the missing ones keep their defaults, which are what such a run did). A field this version does not know
    /// is refused, named, with `source` (keys starting with "_" are comments).
    public static func decode(_ data: Data, source: String) throws -> ProGANConfig {
        let overrides = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        let defaults = try JSONSerialization.jsonObject(with: JSONEncoder().encode(ProGANConfig())) as! [String: Any]
        let merged = defaults.merging(overrides.filter { !$0.key.hasPrefix("_") }) { _, new in new }
        let unknown = Set(overrides.keys.filter { !$0.hasPrefix("_") }).subtracting(defaults.keys)
        guard unknown.isEmpty else { throw ProGANError.invalidConfig(field: unknown.sorted().joined(separator: ", "), reason: "unknown setting in \(source)") }
        return try JSONDecoder().decode(ProGANConfig.self, from: JSONSerialization.data(withJSONObject: merged))
    }

    public func json() -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try! enc.encode(self), as: UTF8.self)
    }
}
