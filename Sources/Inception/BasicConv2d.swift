// torchvision's BasicConv2d (torchvision/models/inception.py), the unit every Inception-v3 layer is made of:
// a convolution without bias, BatchNorm2d(eps=0.001) in eval mode, ReLU. Keys: `conv.weight` [O, C, kh, kw],
// `bn.weight|bias|running_mean|running_var` [O] (`bn.num_batches_tracked` accepted and ignored).
//
// Inference only: once loaded, the batch norm is folded into the convolution (`fold()`),
//   w' = w · γ / √(σ² + ε)   b' = β − μ · γ / √(σ² + ε)     (per output channel, computed in double)
// so a layer is one convolution with bias and a ReLU. Kernels may be rectangular (1x7, 7x1, 1x3, 3x1) with
// padding per axis, as in InceptionC, D and E; such a layer pads its input with zeros first.

import NN
import Tensors

/// The bias-free convolution of a BasicConv2d: only its weight, `weight` [O, C, kh, kw].
public final class ConvolutionWeight: Module {
    public let weight: Parameter

    public init(_ shape: [Int]) {
        weight = Parameter(Tensor.zeros(shape), requiresGrad: false)
        super.init()
    }
}

public final class BasicConv2d: Module, UnaryLayer {
    public let conv: ConvolutionWeight
    public let bn: BatchNorm2d
    public let stride: Int
    /// Zeros added above and below (rows) and left and right (columns), PyTorch's `padding=(rows, columns)`.
    public let padding: (rows: Int, columns: Int)
    /// The convolution with the batch norm folded in (see the top of the file), made by `fold()`.
    private var folded: (weight: Tensor, bias: Tensor)?

    /// torchvision's BasicConv2d(inputChannels, outputChannels, kernel_size=(kh, kw), stride, padding=(ph, pw)).
    public init(_ inputChannels: Int, _ outputChannels: Int, kernel: (Int, Int), stride: Int = 1, padding: (Int, Int) = (0, 0)) {
        conv = ConvolutionWeight([outputChannels, inputChannels, kernel.0, kernel.1])
        bn = BatchNorm2d(channels: outputChannels, eps: 0.001)
        self.stride = stride
        self.padding = (padding.0, padding.1)
        super.init()
        bn.eval()
    }

    /// A square kernel with the same padding on both axes.
    public convenience init(_ inputChannels: Int, _ outputChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0) {
        self.init(inputChannels, outputChannels, kernel: (kernel, kernel), stride: stride, padding: (padding, padding))
    }

    /// Folds the batch norm's statistics and affine parameters into the convolution's weight and a bias
    /// (again after every load: the network calls it).
    public func fold() {
        let w = conv.weight.value.toArray(), shape = conv.weight.value.shape
        let gamma = bn.weight.value.toArray(), beta = bn.bias.value.toArray()
        let mean = bn.runningMean.value.toArray(), variance = bn.runningVar.value.toArray()
        let outputs = shape[0], perOutput = w.count / max(outputs, 1)
        var foldedWeight = [Float](repeating: 0, count: w.count), foldedBias = [Float](repeating: 0, count: outputs)
        for o in 0..<outputs {
            let scale = Double(gamma[o]) / (Double(variance[o]) + Double(bn.eps)).squareRoot()
            for i in 0..<perOutput { foldedWeight[o * perOutput + i] = Float(Double(w[o * perOutput + i]) * scale) }
            foldedBias[o] = Float(Double(beta[o]) - Double(mean[o]) * scale)
        }
        folded = (Tensor(shape: shape, data: foldedWeight), Tensor(shape: [outputs], data: foldedBias))
    }

    /// x (N, C, H, W) → relu(bn(conv(x))) (N, O, Ho, Wo).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        if folded == nil { fold() }
        let (w, b) = folded!
        if padding.rows == padding.columns {
            return Tensor.conv2d(x, weight: w, bias: b, stride: stride, padding: padding.rows).relu()
        }
        return Tensor.conv2d(x.zeroPadded(rows: padding.rows, columns: padding.columns), weight: w, bias: b, stride: stride).relu()
    }
}
