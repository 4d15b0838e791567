// grad(of:wrt:createGraph:) and valueAndGrad: reverse-mode differentiation over the recorded graph.

/// The gradients of the scalar `loss` with respect to each tensor of `wrt` (zeros for a tensor the
/// loss does not depend on).
///
/// - Parameter createGraph: record the backward pass itself, so that the returned gradients can be
///   differentiated again (WGAN-GP's penalty, R1). Off, the backward pass records nothing.
public func grad(of loss: Tensor, wrt: [Tensor], createGraph: Bool = false) -> [Tensor] {
    shapeCheck(loss.count == 1, "grad(of:): the loss must have one element, got shape \(loss.shape)")
    let seed = Tensor.ones(loss.shape)
    return vjp(of: loss, seed: seed, wrt: wrt, createGraph: createGraph)
}

/// Vector–Jacobian product: ∂⟨seed, output⟩/∂wrt. `grad(of:)` is this with seed 1.
public func vjp(of output: Tensor, seed: Tensor, wrt: [Tensor], createGraph: Bool = false) -> [Tensor] {
    shapeCheck(seed.shape == output.shape, "vjp: seed shape \(seed.shape) differs from output shape \(output.shape)")
    let saved = GradMode.isEnabled
    GradMode.isEnabled = createGraph
    defer { GradMode.isEnabled = saved }

    let targets = Set(wrt.map { ObjectIdentifier($0) })
    let order = topologicalOrder(from: output, reaching: targets)
    var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(output): seed]
    let reaches = Set(order.map { ObjectIdentifier($0) })

    // Reverse topological order: a node's gradient is complete before its rule runs.
    for t in order.reversed() {
        guard let node = t.node, let g = grads[ObjectIdentifier(t)] else { continue }
        let needs = node.inputs.map { $0.requiresGrad && reaches.contains(ObjectIdentifier($0)) }
        guard needs.contains(true) else { continue }
        let inputGrads = node.backward(g, needs, t)
        for (i, input) in node.inputs.enumerated() where needs[i] {
            guard let gi = inputGrads[i] else { continue }
            shapeCheck(gi.shape == input.shape,
                       "autograd: backward of \(node.op) gave a gradient of shape \(gi.shape) for an input of shape \(input.shape)")
            let key = ObjectIdentifier(input)
            grads[key] = grads[key].map { $0 + gi } ?? gi
        }
        if !targets.contains(ObjectIdentifier(t)) { grads[ObjectIdentifier(t)] = nil } // free as we go
    }
    return wrt.map { grads[ObjectIdentifier($0)] ?? Tensor.zeros($0.shape) }
}

/// The loss `f(wrt)` and its gradients with respect to `wrt`, in one call.
public func valueAndGrad(wrt: [Tensor], createGraph: Bool = false, _ f: () -> Tensor) -> (value: Tensor, grads: [Tensor]) {
    let value = f()
    return (value, grad(of: value, wrt: wrt, createGraph: createGraph))
}

/// The tensors between `output` and the `targets` (both included), in topological order (inputs
/// before the results made from them). Only tensors from which a target can be reached are kept, so
/// the backward pass does no work for branches that do not lead to what was asked.
private func topologicalOrder(from output: Tensor, reaching targets: Set<ObjectIdentifier>) -> [Tensor] {
    var order: [Tensor] = []
    var state: [ObjectIdentifier: Bool] = [:]   // false: visiting, true: done (and reaches a target)
    var reachesTarget: [ObjectIdentifier: Bool] = [:]
    // Iterative DFS (graphs of deep networks would overflow a recursive one).
    var stack: [(Tensor, Int)] = [(output, 0)]
    while let (t, next) = stack.popLast() {
        let id = ObjectIdentifier(t)
        if next == 0 {
            if state[id] != nil { continue }
            state[id] = false
        }
        let inputs = t.node?.inputs ?? []
        if next < inputs.count {
            stack.append((t, next + 1))
            let child = inputs[next]
            if child.requiresGrad && state[ObjectIdentifier(child)] == nil { stack.append((child, 0)) }
            continue
        }
        var reaches = targets.contains(id)
        for c in inputs where reachesTarget[ObjectIdentifier(c)] == true { reaches = true }
        reachesTarget[id] = reaches
        state[id] = true
        if reaches { order.append(t) }
    }
    return order
}
