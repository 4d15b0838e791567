// One WGAN-GP training step of ProGAN, the same as the PyTorch peer's train_step
// (../shared/bench/progan_torch.py): a critic step with gradient penalty and drift, then a generator
// step, each followed by Adam; then the generator average (EMA). What differs is only what we skip:
// the generator step computes no gradients for D's weights (PyTorch computes and discards them).

import NN
import Tensors

public struct StepLosses: Sendable {
    public var discriminator: Float
    public var generator: Float
    public var wasserstein: Float
    public var penalty: Float
}

public final class TrainingStep {
    public let config: ProGANConfig
    public let generator: Generator
    public let discriminator: Discriminator
    public let adamG: Adam
    public let adamD: Adam
    /// G's weight average, sampled from (nil in benchmarks, which time the step alone).
    public let average: EMA?

    public init(config: ProGANConfig, generator: Generator, discriminator: Discriminator, average: EMA?) {
        self.config = config
        self.generator = generator
        self.discriminator = discriminator
        let h = AdamHyperparameters(lr: config.learningRate, beta1: config.beta1, beta2: config.beta2, eps: config.epsilon)
        adamG = Adam(h)
        adamD = Adam(h)
        self.average = average
    }

    /// One step on the minibatch `real` ([N, 3, R, R] in [-1, 1], already faded if α < 1). Throws
    /// `NonFiniteValue` when a loss or a gradient is NaN or infinite, before the optimiser that would use it
    /// (and the weight average) changes anything.
    public func run(real: Tensor, alpha: Float, rng: inout RNG) throws -> StepLosses {
        let n = real.shape[0], r = real.shape[2]
        let d = discriminator, g = generator

        // Critic: L_D on real, G's fakes (no gradient into G), and the penalty at random mixes.
        let z1 = Tensor.randomNormal([n, config.latentSize], rng: &rng)
        let fake = withoutGrad { g(z1, resolution: r, alpha: alpha) }
        let u = Tensor.randomUniform([n, 1, 1, 1], rng: &rng)
        let dParams = d.activeParameters(resolution: r)
        let (dLoss, parts, dGrads) = valueAndGrad(parameters: dParams) {
            let parts = WGANGP.discriminatorLoss({ d($0, alpha: alpha) }, real: real, fake: fake, mix: u,
                                                 penaltyWeight: config.gradientPenaltyWeight, driftWeight: config.driftWeight)
            return (parts.total, parts)
        }
        try FiniteCheck.check(loss: dLoss.item(), named: "the discriminator loss", gradients: dGrads, of: "discriminator")
        adamD.update(dParams, gradients: dGrads)

        // Generator: L_G = −D(G(z)) with the updated critic.
        let z2 = Tensor.randomNormal([n, config.latentSize], rng: &rng)
        let gParams = g.activeParameters(resolution: r)
        let (gLoss, gGrads) = valueAndGrad(parameters: gParams) {
            WGANGP.generatorLoss({ d($0, alpha: alpha) }, fake: g(z2, resolution: r, alpha: alpha))
        }
        try FiniteCheck.check(loss: gLoss.item(), named: "the generator loss", gradients: gGrads, of: "generator")
        adamG.update(gParams, gradients: gGrads)

        if let average {
            average.beta = EMA.beta(batchSize: n, halfLifeImages: Double(config.emaHalfLifeImages))
            average.update(from: g)
        }
        return StepLosses(discriminator: dLoss.item(), generator: gLoss.item(), wasserstein: parts.wasserstein, penalty: parts.penalty)
    }

    /// Forgets both optimisers' moments (the official code does so at every resolution change).
    public func resetOptimizers() {
        adamG.reset()
        adamD.reset()
    }
}

extension Tensor {
    /// The official fade of the reals during a fade-in (train.py process_reals, "FadeLOD"): the batch
    /// blended with its 2x box-downsampled-then-upsampled self, α·x + (1 − α)·up(down(x)), so that the
    /// reals carry no more detail than the generator's blended output.
    public func fadedReals(alpha: Float) -> Tensor {
        alpha >= 1 ? self : self * alpha + avgPool2d(2).upsampleNearest(2) * (1 - alpha)
    }
}
