// Normalisations, composed from differentiable ops (their gradients, first and second, come for free), but for
// pixel norm, the generator's most frequent op, which has kernels of its own (Kernels/PixelNorm.swift).

extension Tensor {
    /// ProGAN's pixelwise feature normalisation (Karras et al. 2018, eq. in §4.2):
    /// b = a / sqrt(mean_c(a²) + ε), over the channels of each pixel (dimension 1).
    ///
    /// Forward and first-order backward are fused kernels. A backward that records (a second-order gradient)
    /// is written with ops instead, from x, so that it can itself be differentiated.
    public func pixelNorm(eps: Float = 1e-8) -> Tensor {
        shapeCheck(rank >= 2, "pixel_norm: input \(shape) needs a channel dimension")
        let (n, c) = (shape[0], shape[1]), s = count / Swift.max(n * c, 1)
        let r = Tensor(shape: [n, s]) { _ in }
        let y = Tensor(shape: shape) { out in Kernels.pixelNorm(data, out, r.data, n: n, c: c, s: s, eps: eps) }
        return Tensor.record(y, op: "pixel_norm", inputs: [self], usingOutput: { g, _, y in
            if GradMode.enabled { return [Tensor.pixelNormBackwardComposed(g, x: self, eps: eps)] }
            return [Tensor(shape: y.shape) { dx in Kernels.pixelNormBackward(g.data, y.data, r.data, dx, n: n, c: c, s: s) }]
        })
    }

    /// dx = r · (g − y · mean_c(g · y)) with r = rsqrt(mean_c(x²) + ε) and y = x · r, as differentiable ops.
    static func pixelNormBackwardComposed(_ g: Tensor, x: Tensor, eps: Float) -> Tensor {
        let r = (x.square().mean(axes: [1], keepDims: true) + eps).rsqrt()
        let y = x * r
        return r * (g - y * (g * y).mean(axes: [1], keepDims: true))
    }

    /// ProGAN's minibatch standard deviation (§3): groups of `groupSize` samples strided over the batch
    /// (sample n = g·M + m is in group m, M = N / groupSize), the std over each group of every feature,
    /// averaged to one scalar per group, appended as one more channel.
    public func minibatchStdDev(groupSize: Int, eps: Float = 1e-8) -> Tensor {
        shapeCheck(rank == 4, "minibatch_stddev: input \(shape) must be (N, C, H, W)")
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let g = Swift.min(groupSize, n)
        shapeCheck(n % g == 0, "minibatch_stddev: batch \(n) not divisible by group size \(g)")
        let m = n / g
        let y = reshaped([g, m, c, h, w])
        let centred = y - y.mean(axes: [0], keepDims: true)
        let std = (centred.square().mean(axes: [0]) + eps).sqrt()          // [M, C, H, W]
        let perGroup = std.mean(axes: [1, 2, 3]).reshaped([1, m, 1, 1, 1]) // [1, M, 1, 1, 1]
        let channel = perGroup.broadcastTo([g, m, 1, h, w]).reshaped([n, 1, h, w])
        return Tensor.concat([self, channel], axis: 1)
    }

    /// Batch normalisation over (N, H, W) per channel. In training mode uses the batch statistics (biased
    /// variance) and returns the updated running statistics (unbiased variance, PyTorch's momentum
    /// convention: new = (1 − momentum)·old + momentum·batch); in eval mode uses the running statistics.
    public static func batchNorm(_ x: Tensor, weight: Tensor?, bias: Tensor?, runningMean: Tensor, runningVar: Tensor,
                                 training: Bool, momentum: Float = 0.1, eps: Float = 1e-5)
        -> (output: Tensor, runningMean: Tensor, runningVar: Tensor) {
        shapeCheck(x.rank == 4 && runningMean.shape == [x.shape[1]] && runningVar.shape == [x.shape[1]],
                   "batch_norm: input \(x.shape) and running statistics \(runningMean.shape), \(runningVar.shape) do not match")
        let c = x.shape[1]
        let perChannel = [1, c, 1, 1]
        var y: Tensor
        var newMean = runningMean, newVar = runningVar
        if training {
            let mean = x.mean(axes: [0, 2, 3], keepDims: true)
            let centred = x - mean
            let variance = centred.square().mean(axes: [0, 2, 3], keepDims: true)
            y = centred * (variance + eps).rsqrt()
            withoutGrad {
                let count = Float(x.count / c)
                let unbiased = variance.reshaped([c]) * (count / Swift.max(count - 1, 1))
                newMean = runningMean * (1 - momentum) + mean.reshaped([c]) * momentum
                newVar = runningVar * (1 - momentum) + unbiased * momentum
            }
        } else {
            y = (x - runningMean.reshaped(perChannel)) * (runningVar.reshaped(perChannel) + eps).rsqrt()
        }
        if let weight { y = y * weight.reshaped(perChannel) }
        if let bias { y = y + bias.reshaped(perChannel) }
        return (y, newMean.detached(), newVar.detached())
    }

    /// Parametric ReLU with one slope per channel (weight [C], or [1] shared): max(x, 0) + w·min(x, 0).
    public static func prelu(_ x: Tensor, weight w: Tensor) -> Tensor {
        shapeCheck(x.rank >= 2 && (w.count == 1 || w.shape == [x.shape[1]]), "prelu: weight \(w.shape) does not match input \(x.shape)")
        var wShape = [Int](repeating: 1, count: x.rank)
        wShape[1] = w.count
        return x.relu() - w.reshaped(wShape) * (-x).relu()
    }
}
