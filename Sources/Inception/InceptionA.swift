// Mixed_5b/5c/5d: pytorch-fid's FIDInceptionA (src/pytorch_fid/inception.py), torchvision's InceptionA with the
// pooling branch's average pool not counting the padding (TensorFlow's; count_include_pad=False).
//
//   x (N, C, 35, 35) → concat[branch1x1 64, branch5x5 64, branch3x3dbl 96, branch_pool P] (N, 224 + P, 35, 35)

import NN
import Tensors

public final class InceptionA: Module, UnaryLayer {
    public let branch1x1: BasicConv2d
    public let branch5x5_1: BasicConv2d
    public let branch5x5_2: BasicConv2d
    public let branch3x3dbl_1: BasicConv2d
    public let branch3x3dbl_2: BasicConv2d
    public let branch3x3dbl_3: BasicConv2d
    public let branch_pool: BasicConv2d

    public init(inputChannels c: Int, poolFeatures: Int) {
        branch1x1 = BasicConv2d(c, 64, kernel: 1)
        branch5x5_1 = BasicConv2d(c, 48, kernel: 1)
        branch5x5_2 = BasicConv2d(48, 64, kernel: 5, padding: 2)
        branch3x3dbl_1 = BasicConv2d(c, 64, kernel: 1)
        branch3x3dbl_2 = BasicConv2d(64, 96, kernel: 3, padding: 1)
        branch3x3dbl_3 = BasicConv2d(96, 96, kernel: 3, padding: 1)
        branch_pool = BasicConv2d(c, poolFeatures, kernel: 1)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let b1 = branch1x1(x)
        let b5 = branch5x5_2(branch5x5_1(x))
        let b3 = branch3x3dbl_3(branch3x3dbl_2(branch3x3dbl_1(x)))
        let bp = branch_pool(x.avgPool2dExcludingPadding(kernel: 3, stride: 1, padding: 1))
        return Tensor.concat([b1, b5, b3, bp], axis: 1)
    }
}
