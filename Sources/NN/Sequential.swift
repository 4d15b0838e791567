// Sequential: layers applied in order, named by index like PyTorch's nn.Sequential (`features.34.weight`).
// Layers without parameters (ReLU, MaxPool2d, PixelShuffle) still take an index, which keeps the
// numbering of public checkpoints.

import Tensors

public final class Sequential: Module, UnaryLayer {
    public let layers: [any UnaryLayer]

    public init(_ layers: [any UnaryLayer]) {
        self.layers = layers
        super.init()
    }

    public convenience init(_ layers: any UnaryLayer...) { self.init(layers) }

    override public func declaredEntries() -> [(key: String, entry: ModuleEntry)] {
        layers.enumerated().map { (String($0.offset), .module($0.element)) }
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        layers.reduce(x) { $1($0) }
    }

    public subscript(index: Int) -> any UnaryLayer { layers[index] }
    public var count: Int { layers.count }
}
