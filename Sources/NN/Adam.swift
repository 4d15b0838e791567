// Adam (Kingma & Ba 2015) exactly as PyTorch's torch.optim.Adam (bias correction, L2 weight decay added
// to the gradient), one fused kernel per parameter (Tensor.adamUpdate). The state, per parameter key:
// the step count and the two moments, PyTorch's `step`, `exp_avg`, `exp_avg_sq`, which a checkpoint
// saves and restores for an exact resume.

import Foundation
import Tensors

public final class Adam {
    /// One parameter's state.
    public struct State {
        /// Updates done so far (PyTorch's `step`; the bias correction uses it).
        public var step: Int
        /// First moment (PyTorch's `exp_avg`).
        public var m: Tensor
        /// Second moment (PyTorch's `exp_avg_sq`).
        public var v: Tensor
    }

    /// lr, betas, eps, weight decay; may change between steps (a learning-rate schedule).
    public var hyperparameters: AdamHyperparameters
    /// The state by parameter key; empty after init and `reset()`.
    public private(set) var states: [String: State] = [:]

    public init(_ hyperparameters: AdamHyperparameters = AdamHyperparameters()) {
        self.hyperparameters = hyperparameters
    }

    public convenience init(lr: Float, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8, weightDecay: Float = 0) {
        self.init(AdamHyperparameters(lr: lr, beta1: beta1, beta2: beta2, eps: eps, weightDecay: weightDecay))
    }

    /// One step for every trainable parameter of `model` that has a gradient in `gradients`
    /// (as returned by `valueAndGrad(model:)`).
    public func update(model: Module, gradients: [String: Tensor]) {
        update(model.trainableParameters(), gradients: gradients)
    }

    /// One step for each of `parameters` that has a gradient in `gradients` (same keys).
    public func update(_ parameters: [(String, Parameter)], gradients: [String: Tensor]) {
        for (key, parameter) in parameters {
            guard let g = gradients[key] else { continue }
            let state = states[key] ?? State(step: 0, m: Tensor.zeros(parameter.shape), v: Tensor.zeros(parameter.shape))
            precondition(state.m.shape == parameter.shape,
                         "Adam: the state of \"\(key)\" has shape \(state.m.shape) but the parameter \(parameter.shape) (restored from another model?)")
            let r = Tensor.adamUpdate(param: parameter.value, grad: g.detached(), m: state.m, v: state.v,
                                      step: state.step + 1, hyperparameters)
            parameter.value = r.param
            states[key] = State(step: state.step + 1, m: r.m, v: r.v)
        }
    }

    /// Forgets every moment and step count (ProGAN resets Adam when the resolution changes).
    public func reset() { states = [:] }

    // MARK: Checkpoints

    /// The state as tensors: `<key>.step` (a scalar, exact below 2^24 steps), `<key>.exp_avg`, `<key>.exp_avg_sq`.
    public func stateDict() -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (key, s) in states {
            precondition(s.step < 1 << 24, "Adam: step \(s.step) of \"\(key)\" is too large to store exactly as float32")
            out[key + ".step"] = Tensor(Float(s.step))
            out[key + ".exp_avg"] = s.m
            out[key + ".exp_avg_sq"] = s.v
        }
        return out
    }

    /// Replaces the state with one from `stateDict()`. Throws `AdamStateError` naming the key when a
    /// parameter's three entries are incomplete or inconsistent; the state is unchanged then.
    public func load(_ stateDict: [String: Tensor]) throws {
        var loaded: [String: State] = [:]
        let suffixes = [".step", ".exp_avg", ".exp_avg_sq"]
        var keys = Set<String>()
        for name in stateDict.keys {
            guard let suffix = suffixes.first(where: { name.hasSuffix($0) }) else { throw AdamStateError.unknownEntry(name) }
            keys.insert(String(name.dropLast(suffix.count)))
        }
        for key in keys {
            guard let stepTensor = stateDict[key + ".step"], let m = stateDict[key + ".exp_avg"], let v = stateDict[key + ".exp_avg_sq"] else {
                throw AdamStateError.incomplete(key: key)
            }
            let step = stepTensor.count == 1 ? stepTensor.item() : -1
            guard step >= 0, step == step.rounded(), m.shape == v.shape else {
                throw AdamStateError.inconsistent(key: key, step: stepTensor.shape, m: m.shape, v: v.shape)
            }
            loaded[key] = State(step: Int(step), m: m.detached(), v: v.detached())
        }
        states = loaded
    }
}

public enum AdamStateError: Error, CustomStringConvertible {
    case unknownEntry(String)
    case incomplete(key: String)
    case inconsistent(key: String, step: [Int], m: [Int], v: [Int])

    public var description: String {
        switch self {
        case .unknownEntry(let name):
            return "Adam state: the entry \"\(name)\" ends in none of .step, .exp_avg, .exp_avg_sq"
        case .incomplete(let key):
            return "Adam state of \"\(key)\": needs all of \(key).step, \(key).exp_avg, \(key).exp_avg_sq"
        case let .inconsistent(key, step, m, v):
            return "Adam state of \"\(key)\": step must be one whole number ≥ 0 (shape \(step)) and exp_avg \(m) must have the shape of exp_avg_sq \(v)"
        }
    }
}
