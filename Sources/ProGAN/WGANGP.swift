// The WGAN-GP losses of ProGAN (Gulrajani et al. 2017; Karras et al. 2018, appendix A.1), exactly
// as the official code and the PyTorch peer compute them:
//
//   L_D = mean D(fake) − mean D(real) + λ · mean_n (‖∇ₓ̂ D(x̂)‖₂ − 1)² + ε_drift · mean D(real)²
//   x̂ = u·real + (1 − u)·fake, u ~ U[0, 1) per sample
//   L_G = −mean D(G(z))
//
// The penalty's gradient ∇ₓ̂ D is taken with createGraph, so L_D can be differentiated through it.

import Tensors

public enum WGANGP {
    /// The parts of the discriminator loss, for the log.
    public struct DiscriminatorLoss {
        public let total: Tensor
        public let wasserstein: Float   // mean D(real) − mean D(fake): the critic's estimate
        public let penalty: Float       // mean (‖∇D(x̂)‖ − 1)²
        public let drift: Float         // mean D(real)²
    }

    /// L_D for a critic `d`, real and fake batches of the same shape, and per-sample mixing weights
    /// `u` of shape [N, 1, 1, 1].
    public static func discriminatorLoss(_ d: (Tensor) -> Tensor, real: Tensor, fake: Tensor, mix u: Tensor,
                                         penaltyWeight: Float, driftWeight: Float) -> DiscriminatorLoss {
        let dReal = d(real), dFake = d(fake)
        let mixed = (u * real + (1 - u) * fake).requiringGrad()   // a new leaf: x̂ itself, not the path to real/fake
        let gradMixed = grad(of: d(mixed).sum(), wrt: [mixed], createGraph: true)[0]
        let norms = gradMixed.square().sum(axes: [1, 2, 3]).sqrt()
        let penalty = (norms - 1).square().mean()
        let drift = dReal.square().mean()
        let total = dFake.mean() - dReal.mean() + penalty * penaltyWeight + drift * driftWeight
        return DiscriminatorLoss(total: total, wasserstein: dReal.mean().item() - dFake.mean().item(),
                                 penalty: penalty.item(), drift: drift.item())
    }

    /// L_G = −mean D(fake).
    public static func generatorLoss(_ d: (Tensor) -> Tensor, fake: Tensor) -> Tensor {
        -d(fake).mean()
    }
}
