// One Adam step for one parameter tensor, as a (non-differentiable) op; the optimiser in NN keeps
// the state and calls this per parameter.

/// Adam's hyper-parameters, with PyTorch's names and defaults.
public struct AdamHyperparameters: Codable, Equatable, Sendable {
    public var lr: Float = 1e-3
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var eps: Float = 1e-8
    public var weightDecay: Float = 0

    public init(lr: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8, weightDecay: Float = 0) {
        (self.lr, self.beta1, self.beta2, self.eps, self.weightDecay) = (lr, beta1, beta2, eps, weightDecay)
    }
}

extension Tensor {
    /// Adam step `step` (1-based) for `param` with gradient `grad` and moments `m`, `v`.
    /// Returns the new parameter (a leaf that requires gradients, as `param`) and the new moments.
    public static func adamUpdate(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, step: Int,
                                  _ h: AdamHyperparameters) -> (param: Tensor, m: Tensor, v: Tensor) {
        shapeCheck(grad.shape == param.shape && m.shape == param.shape && v.shape == param.shape,
                   "adam: parameter \(param.shape), gradient \(grad.shape), moments \(m.shape) \(v.shape) differ")
        shapeCheck(step >= 1, "adam: step \(step) must be ≥ 1")
        let newM = Tensor.zeros(param.shape), newV = Tensor.zeros(param.shape)
        let newP = Tensor(shape: param.shape) { out in
            Kernels.adam(p: param.data, g: grad.data, m: m.data, v: v.data, newP: out, newM: newM.data, newV: newV.data,
                         n: param.count, step: step, lr: h.lr, beta1: h.beta1, beta2: h.beta2, eps: h.eps, weightDecay: h.weightDecay)
        }
        return (param.requiresGrad ? newP.requiringGrad() : newP, newM, newV)
    }
}
