// Pooling and resampling ops on NCHW tensors: avg_pool2d, max_pool2d, nearest upsampling, pixel shuffle.
//
// Adjoint pairs (so second derivatives pass through):
//   avgPool(k) ↔ upsampleNearest(k) / k²       maxPool: gather at the argmax ↔ scatter to it
// pixelShuffle is a reshape–permute–reshape, differentiated by those ops.

extension Tensor {
    /// Mean over k×k windows, stride k (kernel = stride, as ProGAN's downscale2d).
    public func avgPool2d(_ k: Int) -> Tensor { avgPool2d(k, times: 1) }

    /// factor · the k×k window means. The backward of each of these two ops is the other with a factor, so that
    /// neither backward takes a separate pass to scale (avg pool's was a full-size multiply after the upsample).
    func avgPool2d(_ k: Int, times factor: Float) -> Tensor {
        shapeCheck(rank == 4 && k >= 1 && shape[2] >= k && shape[3] >= k, "avg_pool2d: kernel \(k) does not fit input \(shape)")
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let y = Tensor(shape: [n, c, h / k, w / k]) { out in Kernels.avgPool(data, out, planes: n * c, h: h, w: w, k: k, times: factor) }
        let inShape = shape
        return Tensor.record(y, op: "avg_pool2d", inputs: [self]) { g, _ in
            var gx = g.upsampleNearest(k, times: factor / Float(k * k))
            // Rows/columns past the last whole window got no gradient (floor mode).
            if h % k != 0 { gx = gx.placedInZeros(shape: [n, c, h, gx.shape[3]], axis: 2, start: 0) }
            if w % k != 0 { gx = gx.placedInZeros(shape: inShape, axis: 3, start: 0) }
            return [gx]
        }
    }

    /// Each pixel repeated into a k×k block.
    public func upsampleNearest(_ k: Int) -> Tensor { upsampleNearest(k, times: 1) }

    /// factor · each pixel repeated into a k×k block.
    func upsampleNearest(_ k: Int, times factor: Float) -> Tensor {
        shapeCheck(rank == 4 && k >= 1, "upsample_nearest: input \(shape) must be (N, C, H, W), scale \(k) ≥ 1")
        if k == 1 && factor == 1 { return self }
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let y = Tensor(shape: [n, c, h * k, w * k]) { out in Kernels.upsampleNearest(data, out, planes: n * c, h: h, w: w, k: k, times: factor) }
        return Tensor.record(y, op: "upsample_nearest", inputs: [self]) { g, _ in
            [g.avgPool2d(k, times: factor * Float(k * k))]
        }
    }

    /// Max over k×k windows, stride k. The gradient goes to the first maximum of each window (as PyTorch).
    public func maxPool2d(_ k: Int) -> Tensor {
        shapeCheck(rank == 4 && k >= 1 && shape[2] >= k && shape[3] >= k, "max_pool2d: kernel \(k) does not fit input \(shape)")
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let outShape = [n, c, h / k, w / k]
        let index = IndexBuffer(count: outShape.reduce(1, *))
        let y = Tensor(shape: outShape) { out in Kernels.maxPool(data, out, index.pointer, planes: n * c, h: h, w: w, k: k) }
        let inShape = shape
        return Tensor.record(y, op: "max_pool2d", inputs: [self]) { g, _ in
            [Tensor.maxPoolScatter(g, index: index, inputShape: inShape)]
        }
    }

    static func maxPoolScatter(_ g: Tensor, index: IndexBuffer, inputShape: [Int]) -> Tensor {
        let planes = inputShape[0] * inputShape[1], inPlane = inputShape[2] * inputShape[3], outPlane = g.shape[2] * g.shape[3]
        let gx = Tensor(shape: inputShape) { out in
            Kernels.maxPoolScatter(g.data, index.pointer, out, planes: planes, inPlane: inPlane, outPlane: outPlane)
        }
        let outShape = g.shape
        return record(gx, op: "max_pool2d_scatter", inputs: [g]) { u, _ in
            [Tensor(shape: outShape) { out in
                Kernels.maxPoolGather(u.data, index.pointer, out, planes: planes, inPlane: inPlane, outPlane: outPlane)
            }.recordedAsGather(of: u, index: index, inputShape: inputShape)]
        }
    }

    /// Records a gather (the forward selection of max pooling applied to u) so it can be differentiated.
    private func recordedAsGather(of u: Tensor, index: IndexBuffer, inputShape: [Int]) -> Tensor {
        Tensor.record(self, op: "max_pool2d_gather", inputs: [u]) { g, _ in
            [Tensor.maxPoolScatter(g, index: index, inputShape: inputShape)]
        }
    }

    /// (N, C·r², H, W) → (N, C, H·r, W·r): out[c, h·r+i, w·r+j] = in[c·r² + i·r + j, h, w] (ESPCN, SRGAN's upsampler).
    public func pixelShuffle(_ r: Int) -> Tensor {
        shapeCheck(rank == 4 && shape[1] % (r * r) == 0, "pixel_shuffle: channels of \(shape) not divisible by \(r)²")
        let (n, c, h, w) = (shape[0], shape[1] / (r * r), shape[2], shape[3])
        return reshaped([n, c, r, r, h, w]).permuted([0, 1, 4, 2, 5, 3]).reshaped([n, c, h * r, w * r])
    }
}

/// Argmax positions of a max pooling, kept alive by the backward closures that use them.
final class IndexBuffer {
    let pointer: UnsafeMutablePointer<Int32>
    init(count: Int) { pointer = .allocate(capacity: max(count, 1)) }
    deinit { pointer.deallocate() }
}
