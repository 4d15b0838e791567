// GradNode: what autograd remembers of one op — its inputs and its backward rule.
//
// The graph is built as ops run (define-by-run): a result that depends on a tensor requiring
// gradients holds the node of the op that made it, and the node holds that op's inputs. Walking the
// nodes back from a loss in reverse topological order replays the tape of ops backwards.
//
// Every backward rule is written with Tensor ops, never with raw buffers. Run with recording on
// (`createGraph: true`), the backward pass therefore builds a graph of its own, and a gradient can be
// differentiated again: that is how WGAN-GP gets ∂/∂θ ‖∇ₓD(x)‖.

import Foundation

/// A backward rule: given ∂L/∂output and which inputs need a gradient, returns ∂L/∂input for each
/// input (nil where not needed or where the op is constant in that input).
public typealias BackwardRule = (_ gradOutput: Tensor, _ needs: [Bool]) -> [Tensor?]

/// A backward rule that also reads the op's (recorded) output, for rules such as tanh's g·(1 − y²):
/// the output must be the recorded tensor, not the raw result, or a second derivative would miss
/// the path through it.
public typealias BackwardRuleWithOutput = (_ gradOutput: Tensor, _ needs: [Bool], _ output: Tensor) -> [Tensor?]

final class GradNode {
    let op: String
    let inputs: [Tensor]
    let backward: BackwardRuleWithOutput

    init(op: String, inputs: [Tensor], backward: @escaping BackwardRuleWithOutput) {
        self.op = op
        self.inputs = inputs
        self.backward = backward
    }
}

/// Whether ops record themselves for autograd. Off inside `withoutGrad` and during a backward pass
/// that does not create a graph. Per thread (as PyTorch's grad mode): one thread's `withoutGrad` (a metric, a
/// sample grid) never turns recording off for another that is training. Ops run on the thread that calls them;
/// the kernels' worker threads never record.
public enum GradMode {
    /// The thread's flag: no value (the default) is on; `disabled` is off.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
    private static let disabled = UnsafeMutableRawPointer(bitPattern: 1)

    static var isEnabled: Bool {
        get { pthread_getspecific(key) == nil }
        set { pthread_setspecific(key, newValue ? nil : disabled) }
    }

    public static var enabled: Bool { isEnabled }
}

/// Runs `body` without recording ops (inference, optimiser updates, EMA, metrics).
@discardableResult
public func withoutGrad<R>(_ body: () throws -> R) rethrows -> R {
    let saved = GradMode.isEnabled
    GradMode.isEnabled = false
    defer { GradMode.isEnabled = saved }
    return try body()
}

extension Tensor {
    /// Wraps the output of an op: records a node when recording is on and an input requires gradients.
    static func record(_ output: Tensor, op: String, inputs: [Tensor], backward: @escaping BackwardRule) -> Tensor {
        record(output, op: op, inputs: inputs, usingOutput: { g, needs, _ in backward(g, needs) })
    }

    /// As `record`, for rules written with the op's output (passed to the rule by the backward pass).
    static func record(_ output: Tensor, op: String, inputs: [Tensor], usingOutput backward: @escaping BackwardRuleWithOutput) -> Tensor {
        guard GradMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return output }
        return Tensor(shape: output.shape, storage: output.storage, requiresGrad: true,
                      node: GradNode(op: op, inputs: inputs, backward: backward))
    }
}
