// LongRangeModel: an SRResNet with seeded random weights whose output depends on far input pixels, as a trained
// model's does. With PyTorch's default initialisation each residual branch damps its input about threefold, so
// pixels a few convolutions away barely reach the output and tile seams stay invisible whatever the overlap
// (measured: 16x64 with tile 128, overlap 16 differed from the whole image by at most 1 grey level). Here the
// trunk's convolutions are scaled by √6 (He's gain: each residual branch keeps its input's scale) and conv3 is
// set so that each output channel has mean 0.5 and standard deviation 0.2 before the clamp on a calibration image.

import Imaging
import NN
import SRGAN
import Tensors

public enum LongRangeModel {
    public static func make(blocks: Int, channels: Int, seed: UInt64) -> SRResNet {
        let model = SRResNet(blocks: blocks, channels: channels, seed: seed).eval()
        for block in model.trunk {
            for case let conv as Conv2d in block.rcb.layers { conv.weight.value = conv.weight.value * Float(6).squareRoot() }
        }
        // conv3's output before the clamp on a 40x40 calibration image: (1, 3, 160, 160).
        let x = PhotoLike.image(width: 40, height: 40, seed: seed &+ 1).tensor(range: .zeroToOne)
        let beforeClamp = withoutGrad { () -> Tensor in
            let c1 = model.conv1(x)
            let features = model.conv2(model.trunk.reduce(c1) { $1($0) }) + c1
            return model.conv3(model.upsampling.reduce(features) { $1($0) })
        }.toArray()
        let plane = beforeClamp.count / 3
        var weight = model.conv3.weight.value.toArray(), bias = model.conv3.bias!.value.toArray()
        let perChannel = weight.count / 3
        for c in 0..<3 {
            let values = beforeClamp[(c * plane)..<((c + 1) * plane)]
            let mean = values.reduce(0, +) / Float(plane)
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(plane)).squareRoot()
            let gain = 0.2 / sd
            for i in (c * perChannel)..<((c + 1) * perChannel) { weight[i] *= gain }
            bias[c] = 0.5 - (mean - bias[c]) * gain
        }
        model.conv3.weight.value = Tensor(shape: model.conv3.weight.shape, data: weight)
        model.conv3.bias!.value = Tensor(shape: [3], data: bias)
        return model
    }
}
