// SRGANConfig: every setting of a stage-two run. The presets in Stages/stage2-*.json use these names, and
// `progan-sr train-srgan`'s flags override them. Defaults are the paper's (Ledig et al. 2017 §3.2) where it
// gives one, and SRGAN-PyTorch's otherwise.

import Foundation
import Imaging

/// The perceptual ("content") term of the generator's loss in phase 2.
public enum ContentLoss: String, Codable, CaseIterable, Sendable {
    /// Pixel MSE only (SRResNet-MSE's loss, with the adversarial term added).
    case mse
    /// MSE between VGG19 features of the output and the target (the paper's VGG54 / VGG22).
    case vgg19
    /// L1 between the discriminator's intermediate features of real and generated images (pix2pixHD's
    /// feature matching): the perceptual term when no VGG19 weights are at hand.
    case dFeatures = "d-features"
}

public struct SRGANConfig: Codable, Equatable, Sendable {
    // MARK: Generator (SRResNet)
    /// Residual blocks: 16 (paper), 4 (CPU demo).
    public var blocks = 16
    /// Feature channels: 64 (paper), 32 (CPU demo).
    public var channels = 64
    /// 2, 4 or 8; stage two is ×4.
    public var upscale = 4

    // MARK: Discriminator (the paper's VGG-style network)
    /// Channels of its first convolution (doubling to 8×): 64 (paper).
    public var discriminatorChannels = 64
    /// Width of its hidden dense layer: 1024 (paper).
    public var discriminatorDense = 1024

    // MARK: Data
    /// HR crop side in pixels, a multiple of 16·… (the LR crop is hrCrop / upscale): 96 (paper).
    public var hrCrop = 96
    /// Minibatch size: 16 (paper).
    public var batchSize = 16
    /// libvips kernel that makes LR images from HR ones: "bicubic" (MATLAB's imresize in the paper).
    public var downsampleKernel = "bicubic"
    /// Random horizontal flips of the crops.
    public var mirror = true
    /// Random transposes and vertical flips too: with `mirror`, the 8 flips and rotations of the square that
    /// SRGAN-PyTorch trains on. Off unless a preset sets it (runs made before it existed train on as they did).
    public var rotations = false
    /// At most this many images are held out of training, for validation (evenly spaced through the sorted
    /// list): 64. A set of fewer than 640 holds out a tenth of itself, at least one (SRTrainingData.heldOutCount).
    public var validationImages = 64
    /// Of those, how many appear in the validation picture (LR | bicubic | SR | HR rows): 8.
    public var sheetImages = 8
    /// Validation images are centre crops of at most this many HR pixels (a multiple of upscale): 128.
    public var validationCrop = 128

    // MARK: Phase 1: SRResNet, pixel MSE
    /// Generator updates in phase 1: 1,000,000 (paper: 10⁶ for SRResNet-MSE).
    public var phase1Steps = 1_000_000
    /// Adam learning rate of phase 1: 1e-4 (paper).
    public var phase1LearningRate: Float = 1e-4
    /// Phase-1 steps at which its learning rate is multiplied by `learningRateDecay`: [] (paper: constant).
    public var phase1LearningRateSteps: [Int] = []

    // MARK: Phase 2: SRGAN
    /// Updates of G and D in phase 2: 200,000 (paper: 10⁵ at 1e-4, then 10⁵ at 1e-5).
    public var phase2Steps = 200_000
    /// Adam learning rate of G and of D at the start of phase 2: 1e-4 (paper).
    public var phase2LearningRate: Float = 1e-4
    /// Phase-2 steps at which both learning rates are multiplied by `learningRateDecay`: [100000] (paper).
    public var learningRateSteps: [Int] = [100_000]
    /// The factor of those steps: 0.1 (paper).
    public var learningRateDecay: Float = 0.1
    /// Adam's β1, β2: 0.9, 0.999 (paper).
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    /// Perceptual term: "vgg19" (paper), "d-features" or "mse"; nil chooses vgg19 when weights are given,
    /// else d-features (and says so).
    public var contentLoss: ContentLoss?
    /// VGG19 layer of the vgg19 content loss: "relu5_4" (paper's VGG54, SRGAN-PyTorch) or "relu2_2" (VGG22).
    public var vggLayer = "relu5_4"
    /// Weight of the pixel MSE in phase 2's generator loss: SRGAN-PyTorch adds it with 1.0; the paper has 0.
    public var pixelWeight: Float = 1
    /// Weight of the perceptual term (vgg19 or d-features): 1.
    public var contentWeight: Float = 1
    /// Weight of the adversarial term BCE(D(G(lr)), 1): 1e-3 (paper).
    public var adversarialWeight: Float = 1e-3

    // MARK: Run folder
    /// A checkpoint, a validation picture and validation scores every this many steps (and at the end of each phase).
    public var checkpointEverySteps = 5000
    /// Checkpoints kept (the oldest are deleted).
    public var keepCheckpoints = 3
    /// Seed of the weights, the crops and the flips: the same seed gives the same run.
    public var seed: UInt64 = 1

    public init() {}

    public var lrCrop: Int { hrCrop / upscale }
    public var totalSteps: Int { phase1Steps + phase2Steps }

    /// The learning rate at phase-1 step `step` (0-based).
    public func phase1LearningRate(atStep step: Int) -> Float {
        phase1LearningRateSteps.filter { step >= $0 }.reduce(phase1LearningRate) { rate, _ in rate * learningRateDecay }
    }

    /// The learning rate at phase-2 step `step` (0-based).
    public func phase2LearningRate(atStep step: Int) -> Float {
        learningRateSteps.filter { step >= $0 }.reduce(phase2LearningRate) { rate, _ in rate * learningRateDecay }
    }

    /// Checks the values a user can get wrong; the error names the field.
    public func validate() throws {
        func fail(_ field: String, _ why: String) -> SRGANError { .invalidConfig(field: field, reason: why) }
        guard [2, 4, 8].contains(upscale) else { throw fail("upscale", "must be 2, 4 or 8, got \(upscale)") }
        guard blocks >= 1, channels >= 1 else { throw fail("blocks/channels", "must be ≥ 1, got \(blocks), \(channels)") }
        guard discriminatorChannels >= 1, discriminatorDense >= 1 else { throw fail("discriminatorChannels/discriminatorDense", "must be ≥ 1") }
        guard hrCrop >= 16, hrCrop % 16 == 0, hrCrop % upscale == 0 else {
            throw fail("hrCrop", "must be a multiple of 16 (the discriminator halves it four times) and of upscale, got \(hrCrop)")
        }
        guard batchSize >= 2 else { throw fail("batchSize", "must be ≥ 2 (BatchNorm needs a batch), got \(batchSize)") }
        guard (try? ResizeKernel(name: downsampleKernel)) != nil else {
            throw fail("downsampleKernel", "unknown kernel \(downsampleKernel); one of \(ResizeKernel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard validationImages >= 1 else { throw fail("validationImages", "must be ≥ 1") }
        guard sheetImages >= 1, sheetImages <= validationImages else { throw fail("sheetImages", "must be between 1 and validationImages (\(validationImages))") }
        guard validationCrop >= 16, validationCrop % upscale == 0 else { throw fail("validationCrop", "must be ≥ 16 and a multiple of upscale") }
        guard phase1Steps >= 0, phase2Steps >= 0, totalSteps > 0 else { throw fail("phase1Steps/phase2Steps", "must be ≥ 0 with at least one step in all") }
        guard phase1LearningRate > 0, phase2LearningRate > 0 else { throw fail("phase1LearningRate/phase2LearningRate", "must be positive") }
        guard learningRateDecay > 0 else { throw fail("learningRateDecay", "must be positive") }
        guard VGG19Features.layerIndex[vggLayer] != nil else {
            throw fail("vggLayer", "unknown layer \(vggLayer); one of \(VGG19Features.layerIndex.keys.sorted().joined(separator: ", "))")
        }
        guard checkpointEverySteps >= 1 else { throw fail("checkpointEverySteps", "must be ≥ 1") }
        guard keepCheckpoints >= 1 else { throw fail("keepCheckpoints", "must be ≥ 1") }
    }

    /// Reads a preset (JSON with any subset of the fields; the rest keep their defaults; keys starting
    /// with "_" are comments). An unknown key is an error naming it.
    public static func load(_ url: URL) throws -> SRGANConfig {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw SRGANError.unreadable(path: url.path, reason: error.localizedDescription) }
        return try decode(data, name: url.lastPathComponent)
    }

    /// Decodes a preset's JSON (see `load`).
    public static func decode(_ data: Data, name: String) throws -> SRGANConfig {
        do {
            guard let overrides = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw SRGANError.invalidConfig(field: name, reason: "must be a JSON object")
            }
            let settings = overrides.filter { !$0.key.hasPrefix("_") }
            let unknown = Set(settings.keys).subtracting(CodingKeys.allNames)
            guard unknown.isEmpty else {
                throw SRGANError.invalidConfig(field: unknown.sorted().joined(separator: ", "), reason: "unknown setting in \(name)")
            }
            let defaults = try JSONSerialization.jsonObject(with: JSONEncoder().encode(SRGANConfig())) as! [String: Any]
            let merged = defaults.merging(settings) { _, new in new }
            let config = try JSONDecoder().decode(SRGANConfig.self, from: JSONSerialization.data(withJSONObject: merged))
            try config.validate()
            return config
        } catch let e as SRGANError { throw e } catch {
            throw SRGANError.invalidConfig(field: name, reason: "not a valid stage-two preset: \(error)")
        }
    }

    public func json() -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try! enc.encode(self), as: UTF8.self)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case blocks, channels, upscale, discriminatorChannels, discriminatorDense, hrCrop, batchSize, downsampleKernel,
             mirror, rotations, validationImages, sheetImages, validationCrop, phase1Steps, phase1LearningRate, phase1LearningRateSteps, phase2Steps,
             phase2LearningRate, learningRateSteps, learningRateDecay, beta1, beta2, contentLoss, vggLayer, pixelWeight,
             contentWeight, adversarialWeight, checkpointEverySteps, keepCheckpoints, seed
        static var allNames: Set<String> { Set(allCases.map(\.rawValue)) }
    }
}
