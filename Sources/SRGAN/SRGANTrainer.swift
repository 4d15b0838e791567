// SRGANTrainer: stage two's training loop (Ledig et al. 2017 §3.2), in a run folder.
//
//   phase 1 (SRResNet):  L_G = MSE(G(lr), hr)                                     Adam(phase1LearningRate)
//   phase 2 (SRGAN):     L_D = BCE(D(hr), 1) + BCE(D(G(lr)), 0)                    Adam(phase2LearningRate, stepped)
//                        L_G = pixelWeight·MSE + contentWeight·perceptual + adversarialWeight·BCE(D(G(lr)), 1)
//
// Each phase-2 step updates D on G(lr) (detached), then G against the updated D, from one G forward pass
// (SRGAN-PyTorch's order). G's optimiser starts afresh in phase 2, as SRGAN-PyTorch builds a new one.
//
// Run folder: config.json, log.jsonl (RunLog), checkpoint-<images>.safetensors (generator, discriminator, both
// optimisers, the step and the RNG state: a resumed run continues exactly), validation/step-<n>.png
// (LR | bicubic | SR | HR), losses.png / gan.png / psnr.png (SRRunCharts) and, at the end, generator.safetensors
// (SRResNet with bare SRGAN-PyTorch keys), srresnet.safetensors (the end of phase 1), comparison.png, scores.json.

import Foundation
import Imaging
import NN
import Runs
import Tensors

/// The losses of one step (phase-2 terms are nil in phase 1).
public struct SRStepLosses: Sendable {
    public var generator: Float
    public var pixel: Float
    public var content: Float?
    public var adversarial: Float?
    public var discriminator: Float?
}

public final class SRGANTrainer {
    public let config: SRGANConfig
    public let data: SRTrainingData
    public let validation: SRValidation
    public let generator: SRResNet
    public let discriminator: Discriminator
    /// The perceptual term used in phase 2 (resolved from the config and the VGG19 file).
    public let contentLoss: ContentLoss
    let vgg: VGG19Features?
    let adamG: Adam
    let adamD: Adam
    /// Steps done so far (phase 1 then phase 2).
    public private(set) var step = 0
    var rng: RNG
    /// Seconds per step, averaged since the last log record.
    private var timeSinceLog = 0.0, stepsSinceLog = 0
    /// Wall time of the run's training loop (steps, validation, checkpoints), carried across resumes in the
    /// checkpoints; the run (SRGANRun) adds to it.
    public var wallSeconds = 0.0
    private var lossSums: [String: Double] = [:]

    /// - Parameters:
    ///   - vgg19: torchvision VGG19 weights (safetensors); needed for contentLoss vgg19, used by "auto".
    ///   - announce: one line for the person running it (which content loss when it was chosen for them).
    public init(config: SRGANConfig, data: SRTrainingData, vgg19: URL?, announce: (String) -> Void = { _ in }) throws {
        try config.validate()
        precondition(data.scale == config.upscale, "SRGANTrainer: data made for ×\(data.scale), config ×\(config.upscale)")
        self.config = config
        self.data = data
        validation = try SRValidation(data, maxSide: config.validationCrop)
        var rng = RNG(seed: config.seed)
        generator = SRResNet(blocks: config.blocks, channels: config.channels, upscale: config.upscale, rng: &rng)
        discriminator = Discriminator(cropSize: config.hrCrop, channels: config.discriminatorChannels,
                                      dense: config.discriminatorDense, rng: &rng)
        self.rng = rng
        switch config.contentLoss {
        case .some(let chosen): contentLoss = chosen
        case .none:
            contentLoss = vgg19 != nil ? .vgg19 : .dFeatures
            if vgg19 == nil && config.phase2Steps > 0 {
                announce("content loss: d-features (discriminator feature matching), as no VGG19 weights were given (--vgg19 FILE or PROGANSR_VGG19)")
            }
        }
        if contentLoss == .vgg19 && config.phase2Steps > 0 {
            guard let vgg19 else { throw SRGANError.vgg19Missing(path: "(none given)") }
            vgg = try PerceptualLoss.vgg19(weights: vgg19, layer: config.vggLayer)
        } else {
            vgg = nil
        }
        adamG = Adam(lr: config.phase1LearningRate, beta1: config.beta1, beta2: config.beta2)
        adamD = Adam(lr: config.phase2LearningRate, beta1: config.beta1, beta2: config.beta2)
    }

    public var phase: Int { step < config.phase1Steps ? 1 : 2 }
    public var isFinished: Bool { step >= config.totalSteps }

    // MARK: Steps

    /// One training step of the current phase. Throws `SRGANError.nonFinite` (nothing updated) if a loss or a gradient is NaN/∞.
    @discardableResult
    public func trainStep() throws -> SRStepLosses {
        precondition(!isFinished, "SRGANTrainer: all \(config.totalSteps) steps are done")
        let started = Date()
        let (lr, hr) = data.batch(size: config.batchSize, lrCrop: config.lrCrop, rng: &rng, mirror: config.mirror, rotations: config.rotations)
        generator.train()
        let losses: SRStepLosses
        if phase == 1 {
            adamG.hyperparameters.lr = config.phase1LearningRate(atStep: step)
            let (loss, gradients) = valueAndGrad(model: generator) { Tensor.mse(generator(lr), hr) }
            let value = loss.item()
            try check(value, "the pixel MSE", gradients, of: "generator")
            adamG.update(model: generator, gradients: gradients)
            losses = SRStepLosses(generator: value, pixel: value)
        } else {
            losses = try adversarialStep(lr: lr, hr: hr)
        }
        step += 1
        record(losses, seconds: Date().timeIntervalSince(started))
        return losses
    }

    private func adversarialStep(lr: Tensor, hr: Tensor) throws -> SRStepLosses {
        let phaseStep = step - config.phase1Steps
        if phaseStep == 0 { adamG.reset() }
        let rate = config.phase2LearningRate(atStep: phaseStep)
        adamG.hyperparameters.lr = rate
        adamD.hyperparameters.lr = rate
        let batch = hr.shape[0]
        let ones = Tensor.ones([batch, 1]), zeros = Tensor.zeros([batch, 1])
        let D = discriminator
        D.train()

        let sr = generator(lr)
        // D first, on the detached output.
        let fake = sr.detached()
        let (dLoss, dGrads) = valueAndGrad(model: D) {
            Tensor.bceWithLogits(D(hr), ones) + Tensor.bceWithLogits(D(fake), zeros)
        }
        try check(dLoss.item(), "the discriminator loss", dGrads, of: "discriminator")

        // Then G, against the updated D (its parameters are not G's, so they get no gradient here).
        adamD.update(model: D, gradients: dGrads)
        let pixel = Tensor.mse(sr, hr)
        // D's parameters are not asked for: the backward pass only goes through D to reach G (from sr, recorded above).
        let (gLoss, (adversarial, content), gGrads) = valueAndGrad(model: generator) {
            let (logits, fakeFeatures) = D.logitsAndFeatures(sr)
            let adversarial = Tensor.bceWithLogits(logits, ones)
            var loss = pixel * config.pixelWeight + adversarial * config.adversarialWeight
            let content: Tensor?
            switch contentLoss {
            case .mse: content = nil
            case .vgg19: content = PerceptualLoss.vggDistance(vgg!, sr, hr)
            case .dFeatures:
                let realFeatures = withoutGrad { D.logitsAndFeatures(hr).features }
                content = PerceptualLoss.featureMatching(fake: fakeFeatures, real: realFeatures)
            }
            if let content { loss = loss + content * config.contentWeight }
            return (loss, (adversarial, content))
        }
        try check(gLoss.item(), "the generator loss", gGrads, of: "generator")
        adamG.update(model: generator, gradients: gGrads)
        return SRStepLosses(generator: gLoss.item(), pixel: pixel.item(), content: content?.item(),
                            adversarial: adversarial.item(), discriminator: dLoss.item())
    }

    /// The loss and its gradients, before the optimiser takes them (FiniteCheck): a NaN stops the run with nothing updated.
    private func check(_ value: Float, _ what: String, _ gradients: [String: Tensor], of network: String) throws {
        do { try FiniteCheck.check(loss: value, named: what, gradients: gradients, of: network) } catch let bad as NonFiniteValue {
            throw SRGANError.nonFinite(step: step + 1, phase: phase, what: bad.what)
        }
    }

    private func record(_ losses: SRStepLosses, seconds: Double) {
        timeSinceLog += seconds
        stepsSinceLog += 1
        let parts: [(String, Float?)] = [("loss_g", losses.generator), ("pixel_mse", losses.pixel), ("content", losses.content),
                                          ("adversarial", losses.adversarial), ("loss_d", losses.discriminator)]
        for (key, value) in parts { if let value { lossSums[key, default: 0] += Double(value) } }
    }

    /// The averages since the last call (losses, seconds per step, images per second), and a reset.
    public func takeAverages() -> [String: Any] {
        guard stepsSinceLog > 0 else { return [:] }
        let lastPhase = step - 1 < config.phase1Steps ? 1 : 2
        var out: [String: Any] = ["step": step, "phase": lastPhase, "images": step * config.batchSize,
                                  "seconds_per_step": timeSinceLog / Double(stepsSinceLog), "wall_seconds": wallSeconds,
                                  "ms_per_image": 1000 * timeSinceLog / Double(stepsSinceLog * config.batchSize),
                                  "lr": lastPhase == 1 ? config.phase1LearningRate(atStep: step - 1) : config.phase2LearningRate(atStep: step - 1 - config.phase1Steps)]
        for (key, sum) in lossSums { out[key] = sum / Double(stepsSinceLog) }
        lossSums = [:]; timeSinceLog = 0; stepsSinceLog = 0
        return out
    }

    // MARK: Validation

    /// The generator (eval mode, no gradients) on the validation LR images.
    public func upscaleValidation() -> [Image] {
        generator.eval()
        defer { generator.train() }
        // One tile per image, no overlap: valid for any image, so this cannot throw.
        let upscaler = try! Upscaler(model: generator, tile: 1 << 20, overlap: 0, batch: 16)
        return Image.images(from: upscaler.upscale(validation.lrTensor), range: .zeroToOne)
    }

    /// Scores of the current generator beside bicubic's, and the LR | bicubic | SR | HR picture.
    public func validate() throws -> (scores: SRScores, sheet: Image) {
        let outputs = upscaleValidation()
        return (try validation.scores(outputs), validation.sheet(outputs, count: config.sheetImages))
    }

    // MARK: Checkpoints

    public func saveCheckpoint(to url: URL) throws {
        let metadata = CheckpointMetadata(stage: RunFolder.stageTwo, config: config.json(), rng: rng.stateWords, wallSeconds: wallSeconds,
                                          fields: ["step": String(step), "content_loss": contentLoss.rawValue, "blocks": String(config.blocks),
                                                   "channels": String(config.channels), "upscale": String(config.upscale)])
        try Checkpoint.save(to: url, modules: ["generator": generator, "discriminator": discriminator],
                            optimizers: ["adam_g": adamG, "adam_d": adamD], metadata: metadata.header)
    }

    /// Restores a checkpoint of this configuration: weights, optimiser states, the step and the RNG.
    public func resume(from url: URL) throws {
        let header = try Checkpoint.load(from: url, modules: ["generator": generator, "discriminator": discriminator],
                                         optimizers: ["adam_g": adamG, "adam_d": adamD])
        let metadata: CheckpointMetadata
        do {
            metadata = try CheckpointMetadata(header: header, stage: RunFolder.stageTwo, path: url.path)
            step = try metadata.integer("step", path: url.path)
        } catch RunFolderError.foreignCheckpoint(_, let reason) {
            throw SRGANError.runFolder(path: url.path, reason: "not a stage-two checkpoint: \(reason)")
        }
        rng = RNG(stateWords: metadata.rng)
        wallSeconds = metadata.wallSeconds ?? 0
    }

    /// Writes the generator alone with SRGAN-PyTorch's keys (for `upscale`, the pipeline and PyTorch).
    public func saveGenerator(to url: URL) throws {
        try Checkpoint.save(generator, metadata: ["format": "progansr-srresnet-1", "blocks": String(config.blocks),
                                                  "channels": String(config.channels), "upscale": String(config.upscale),
                                                  "step": String(step)], to: url)
    }
}
