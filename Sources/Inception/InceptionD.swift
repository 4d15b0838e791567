// Mixed_7a: torchvision's InceptionD (torchvision/models/inception.py), unchanged in pytorch-fid: the grid
// reduction from 17 to 8.
//
//   x (N, 768, 17, 17) → concat[branch3x3 320, branch7x7x3 192, max pool 768] (N, 1280, 8, 8)

import NN
import Tensors

public final class InceptionD: Module, UnaryLayer {
    public let branch3x3_1: BasicConv2d
    public let branch3x3_2: BasicConv2d
    public let branch7x7x3_1: BasicConv2d
    public let branch7x7x3_2: BasicConv2d
    public let branch7x7x3_3: BasicConv2d
    public let branch7x7x3_4: BasicConv2d

    public init(inputChannels c: Int) {
        branch3x3_1 = BasicConv2d(c, 192, kernel: 1)
        branch3x3_2 = BasicConv2d(192, 320, kernel: 3, stride: 2)
        branch7x7x3_1 = BasicConv2d(c, 192, kernel: 1)
        branch7x7x3_2 = BasicConv2d(192, 192, kernel: (1, 7), padding: (0, 3))
        branch7x7x3_3 = BasicConv2d(192, 192, kernel: (7, 1), padding: (3, 0))
        branch7x7x3_4 = BasicConv2d(192, 192, kernel: 3, stride: 2)
        super.init()
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let b3 = branch3x3_2(branch3x3_1(x))
        let b7 = branch7x7x3_4(branch7x7x3_3(branch7x7x3_2(branch7x7x3_1(x))))
        let bp = x.maxPool2d(kernel: 3, stride: 2)
        return Tensor.concat([b3, b7, bp], axis: 1)
    }
}
