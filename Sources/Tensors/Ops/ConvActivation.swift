// ConvActivation: the activation a convolution applies in its own output pass (Kernels/ConvActivationPass.swift), so
// that ProGAN's conv → leaky ReLU (→ pixel norm) is one op: no pass over memory and no tensor for each step of it.

public enum ConvActivation: Equatable, Sendable {
    case identity
    /// max(x, 0) + slope · min(x, 0) (ProGAN: slope 0.2).
    case leakyRelu(slope: Float)
    /// Leaky ReLU, then pixel norm over the channels (ProGAN's generator, after every convolution).
    case leakyReluPixelNorm(slope: Float, eps: Float)

    /// True when the output needs the per-pixel pixel-norm factors r (N, Ho·Wo).
    var keepsNormFactors: Bool { if case .leakyReluPixelNorm = self { true } else { false } }
}

extension Tensor {
    /// The same activation as separate ops (the reference the fused kernels are tested against, and what a
    /// recording backward differentiates).
    public func activated(_ activation: ConvActivation) -> Tensor {
        switch activation {
        case .identity: self
        case .leakyRelu(let slope): leakyRelu(slope: slope)
        case .leakyReluPixelNorm(let slope, let eps): leakyRelu(slope: slope).pixelNorm(eps: eps)
        }
    }
}
