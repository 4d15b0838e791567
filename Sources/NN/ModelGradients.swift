// Gradients of a loss with respect to a model's parameters, keyed like the parameters (MLX-Swift's
// `valueAndGrad(model:)`): a GAN step is one call per network and one optimiser per network. The closure may
// also return auxiliary values computed beside the loss (the loss's parts, for the log), which come back with
// the gradients (MLX's `has_aux`), so nothing has to leave the closure through a captured variable.

import Tensors

/// The loss `f()` returns, the auxiliary value it returns beside it, and the loss's gradient for each of
/// `parameters`, keyed as they are. Parameters not listed get no gradient, though `f` may use them.
///
/// - Parameter createGraph: record the backward pass so that the gradients can be differentiated again.
public func valueAndGrad<Aux>(parameters: [(String, Parameter)], createGraph: Bool = false,
                              _ f: () -> (loss: Tensor, aux: Aux)) -> (value: Tensor, aux: Aux, gradients: [String: Tensor]) {
    let (value, aux) = f()
    let grads = grad(of: value, wrt: parameters.map { $0.1.value }, createGraph: createGraph)
    var gradients: [String: Tensor] = [:]
    for ((key, _), g) in zip(parameters, grads) { gradients[key] = g }
    return (value, aux, gradients)
}

/// As above, for every trainable (not frozen) parameter of `model`.
public func valueAndGrad<Aux>(model: Module, createGraph: Bool = false,
                              _ f: () -> (loss: Tensor, aux: Aux)) -> (value: Tensor, aux: Aux, gradients: [String: Tensor]) {
    valueAndGrad(parameters: model.trainableParameters(), createGraph: createGraph, f)
}

/// The loss `f()` and its gradient for every trainable (not frozen) parameter of `model`, by key.
/// Parameters of other modules that `f` uses get no gradient here.
public func valueAndGrad(model: Module, createGraph: Bool = false, _ f: () -> Tensor) -> (value: Tensor, gradients: [String: Tensor]) {
    let (value, _, gradients) = valueAndGrad(parameters: model.trainableParameters(), createGraph: createGraph) { (f(), ()) }
    return (value, gradients)
}

/// The loss `f()` and its gradient for each of `parameters`, by key.
public func valueAndGrad(parameters: [(String, Parameter)], createGraph: Bool = false, _ f: () -> Tensor) -> (value: Tensor, gradients: [String: Tensor]) {
    let (value, _, gradients) = valueAndGrad(parameters: parameters, createGraph: createGraph) { (f(), ()) }
    return (value, gradients)
}
