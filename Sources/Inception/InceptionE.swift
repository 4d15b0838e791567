// Mixed_7b and Mixed_7c: pytorch-fid's FIDInceptionE_1 and FIDInceptionE_2 (src/pytorch_fid/inception.py),
// torchvision's InceptionE with, in the pooling branch, an average pool not counting the padding (E_1, Mixed_7b)
// or a 3x3 max pool with stride 1 and padding 1 (E_2, Mixed_7c: the 2015-12-05 graph's, which pytorch-fid keeps).
//
//   x (N, C, 8, 8) → concat[branch1x1 320, branch3x3 2·384, branch3x3dbl 2·384, branch_pool 192] (N, 2048, 8, 8)

import NN
import Tensors

public final class InceptionE: Module, UnaryLayer {
    /// The pooling of the pool branch: FIDInceptionE_1's average or FIDInceptionE_2's max.
    public enum Pool: Sendable { case average, max }

    public let branch1x1: BasicConv2d
    public let branch3x3_1: BasicConv2d
    public let branch3x3_2a: BasicConv2d
    public let branch3x3_2b: BasicConv2d
    public let branch3x3dbl_1: BasicConv2d
    public let branch3x3dbl_2: BasicConv2d
    public let branch3x3dbl_3a: BasicConv2d
    public let branch3x3dbl_3b: BasicConv2d
    public let branch_pool: BasicConv2d
    public let pool: Pool

    public init(inputChannels c: Int, pool: Pool) {
        branch1x1 = BasicConv2d(c, 320, kernel: 1)
        branch3x3_1 = BasicConv2d(c, 384, kernel: 1)
        branch3x3_2a = BasicConv2d(384, 384, kernel: (1, 3), padding: (0, 1))
        branch3x3_2b = BasicConv2d(384, 384, kernel: (3, 1), padding: (1, 0))
        branch3x3dbl_1 = BasicConv2d(c, 448, kernel: 1)
        branch3x3dbl_2 = BasicConv2d(448, 384, kernel: 3, padding: 1)
        branch3x3dbl_3a = BasicConv2d(384, 384, kernel: (1, 3), padding: (0, 1))
        branch3x3dbl_3b = BasicConv2d(384, 384, kernel: (3, 1), padding: (1, 0))
        branch_pool = BasicConv2d(c, 192, kernel: 1)
        self.pool = pool
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let b1 = branch1x1(x)
        let t = branch3x3_1(x)
        let b3 = Tensor.concat([branch3x3_2a(t), branch3x3_2b(t)], axis: 1)
        let d = branch3x3dbl_2(branch3x3dbl_1(x))
        let bd = Tensor.concat([branch3x3dbl_3a(d), branch3x3dbl_3b(d)], axis: 1)
        let pooled = pool == .average ? x.avgPool2dExcludingPadding(kernel: 3, stride: 1, padding: 1)
                                      : x.maxPool2d(kernel: 3, stride: 1, padding: 1)
        return Tensor.concat([b1, b3, bd, branch_pool(pooled)], axis: 1)
    }
}
