// Mixed_6a: torchvision's InceptionB (torchvision/models/inception.py), unchanged in pytorch-fid: the grid
// reduction from 35 to 17.
//
//   x (N, C, 35, 35) → concat[branch3x3 384, branch3x3dbl 96, max pool C] (N, 480 + C, 17, 17)

import NN
import Tensors

public final class InceptionB: Module, UnaryLayer {
    public let branch3x3: BasicConv2d
    public let branch3x3dbl_1: BasicConv2d
    public let branch3x3dbl_2: BasicConv2d
    public let branch3x3dbl_3: BasicConv2d

    public init(inputChannels c: Int) {
        branch3x3 = BasicConv2d(c, 384, kernel: 3, stride: 2)
        branch3x3dbl_1 = BasicConv2d(c, 64, kernel: 1)
        branch3x3dbl_2 = BasicConv2d(64, 96, kernel: 3, padding: 1)
        branch3x3dbl_3 = BasicConv2d(96, 96, kernel: 3, stride: 2)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let b3 = branch3x3(x)
        let bd = branch3x3dbl_3(branch3x3dbl_2(branch3x3dbl_1(x)))
        let bp = x.maxPool2d(kernel: 3, stride: 2)
        return Tensor.concat([b3, bd, bp], axis: 1)
    }
}
