// Mixed_6b…6e: pytorch-fid's FIDInceptionC (src/pytorch_fid/inception.py), torchvision's InceptionC (factorised
// 7x7 as 1x7 and 7x1) with the pooling branch's average pool not counting the padding.
//
//   x (N, 768, 17, 17) → concat[branch1x1 192, branch7x7 192, branch7x7dbl 192, branch_pool 192] (N, 768, 17, 17)

import NN
import Tensors

public final class InceptionC: Module, UnaryLayer {
    public let branch1x1: BasicConv2d
    public let branch7x7_1: BasicConv2d
    public let branch7x7_2: BasicConv2d
    public let branch7x7_3: BasicConv2d
    public let branch7x7dbl_1: BasicConv2d
    public let branch7x7dbl_2: BasicConv2d
    public let branch7x7dbl_3: BasicConv2d
    public let branch7x7dbl_4: BasicConv2d
    public let branch7x7dbl_5: BasicConv2d
    public let branch_pool: BasicConv2d

    public init(inputChannels c: Int, channels7x7 c7: Int) {
        branch1x1 = BasicConv2d(c, 192, kernel: 1)
        branch7x7_1 = BasicConv2d(c, c7, kernel: 1)
        branch7x7_2 = BasicConv2d(c7, c7, kernel: (1, 7), padding: (0, 3))
        branch7x7_3 = BasicConv2d(c7, 192, kernel: (7, 1), padding: (3, 0))
        branch7x7dbl_1 = BasicConv2d(c, c7, kernel: 1)
        branch7x7dbl_2 = BasicConv2d(c7, c7, kernel: (7, 1), padding: (3, 0))
        branch7x7dbl_3 = BasicConv2d(c7, c7, kernel: (1, 7), padding: (0, 3))
        branch7x7dbl_4 = BasicConv2d(c7, c7, kernel: (7, 1), padding: (3, 0))
        branch7x7dbl_5 = BasicConv2d(c7, 192, kernel: (1, 7), padding: (0, 3))
        branch_pool = BasicConv2d(c, 192, kernel: 1)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let b1 = branch1x1(x)
        let b7 = branch7x7_3(branch7x7_2(branch7x7_1(x)))
        let bd = branch7x7dbl_5(branch7x7dbl_4(branch7x7dbl_3(branch7x7dbl_2(branch7x7dbl_1(x)))))
        let bp = branch_pool(x.avgPool2dExcludingPadding(kernel: 3, stride: 1, padding: 1))
        return Tensor.concat([b1, b7, bd, bp], axis: 1)
    }
}
