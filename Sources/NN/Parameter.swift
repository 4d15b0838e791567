// The mutable boxes a Module holds its tensors in. A Tensor never changes, so training replaces the
// tensor inside the box; the box itself (and so the module's structure) stays the same.

import Tensors

/// A trained tensor of a module (a weight, a bias, a PReLU slope).
///
/// `value` is always a leaf of the autograd graph: whatever is assigned is cut from the graph it came
/// from and, unless the parameter is frozen, marked as requiring gradients.
public final class Parameter {
    private var stored: Tensor

    /// The current tensor (a leaf; requires gradients unless frozen).
    public var value: Tensor {
        get { stored }
        set { stored = requiresGrad ? newValue.requiringGrad() : newValue.detached() }
    }

    /// False for a frozen parameter: no op records a gradient rule for it, so backward passes
    /// compute nothing for it (a frozen VGG19 in a perceptual loss costs only its forward pass).
    public var requiresGrad: Bool {
        didSet { if requiresGrad != oldValue { value = stored } }
    }

    public init(_ value: Tensor, requiresGrad: Bool = true) {
        self.requiresGrad = requiresGrad
        self.stored = requiresGrad ? value.requiringGrad() : value.detached()
    }

    public var shape: [Int] { stored.shape }
}

/// A tensor of a module's state that is not trained (BatchNorm's running statistics): it is saved and
/// loaded with the parameters, but never requires gradients.
public final class Buffer {
    private var stored: Tensor

    /// The current tensor (always detached from any graph).
    public var value: Tensor {
        get { stored }
        set { stored = newValue.detached() }
    }

    public init(_ value: Tensor) { self.stored = value.detached() }

    public var shape: [Int] { stored.shape }
}
