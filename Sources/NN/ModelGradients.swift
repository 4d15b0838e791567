// Gradients of a loss with respect to a model's parameters, keyed like the parameters (MLX-Swift's
// `valueAndGrad(model:)`): a GAN step is one call per network and one optimiser per network.

import Tensors

/// The loss `f()` and its gradient for every trainable (not frozen) parameter of `model`, by key.
/// Parameters of other modules that `f` uses get no gradient here.
///
/// - Parameter createGraph: record the backward pass so that the gradients can be differentiated again.
public func valueAndGrad(model: Module, createGraph: Bool = false, _ f: () -> Tensor) -> (value: Tensor, gradients: [String: Tensor]) {
    let parameters = model.trainableParameters()
    let leaves = parameters.map { $0.1.value }
    let (value, grads) = valueAndGrad(wrt: leaves, createGraph: createGraph, f)
    var gradients: [String: Tensor] = [:]
    for ((key, _), g) in zip(parameters, grads) { gradients[key] = g }
    return (value, gradients)
}
