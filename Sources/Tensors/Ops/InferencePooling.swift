// Forward-only ops for inference networks (the Inception-v3 of the FID convention): windowed max and average
// pooling with stride and padding, and PyTorch's bilinear resize. They have no backward rule, so they refuse
// a tensor that would record one (call them inside `withoutGrad`, or on tensors that need no gradient).
// Kernels: Kernels/WindowPool2d.swift, Kernels/BilinearResize.swift.

extension Tensor {
    private func checkForwardOnly(_ op: String) {
        shapeCheck(!(GradMode.isEnabled && requiresGrad),
                   "\(op): forward only (no backward rule); call it inside withoutGrad or on a tensor that needs no gradient")
    }

    private func windowedOutputShape(_ op: String, kernel k: Int, stride s: Int, padding p: Int) -> [Int] {
        shapeCheck(rank == 4 && k >= 1 && s >= 1 && p >= 0 && 2 * p <= k,
                   "\(op): input \(shape) must be (N, C, H, W), kernel \(k) ≥ 1, stride \(s) ≥ 1, 0 ≤ padding \(p) ≤ kernel / 2")
        shapeCheck(shape[2] + 2 * p >= k && shape[3] + 2 * p >= k, "\(op): kernel \(k) does not fit input \(shape) padded by \(p)")
        return [shape[0], shape[1], (shape[2] + 2 * p - k) / s + 1, (shape[3] + 2 * p - k) / s + 1]
    }

    /// F.max_pool2d(x, kernel, stride, padding): max over k×k windows; padding is never chosen. Forward only.
    public func maxPool2d(kernel: Int, stride: Int, padding: Int = 0) -> Tensor {
        checkForwardOnly("max_pool2d")
        let out = windowedOutputShape("max_pool2d", kernel: kernel, stride: stride, padding: padding)
        return Tensor(shape: out) { y in
            Kernels.maxPoolWindowed(data, y, planes: shape[0] * shape[1], h: shape[2], w: shape[3],
                                    kernel: kernel, stride: stride, padding: padding)
        }
    }

    /// F.avg_pool2d(x, kernel, stride, padding, count_include_pad=False): the mean over each window's positions
    /// inside the input. Forward only.
    public func avgPool2dExcludingPadding(kernel: Int, stride: Int, padding: Int) -> Tensor {
        checkForwardOnly("avg_pool2d")
        let out = windowedOutputShape("avg_pool2d", kernel: kernel, stride: stride, padding: padding)
        return Tensor(shape: out) { y in
            Kernels.avgPoolWindowedExcludingPadding(data, y, planes: shape[0] * shape[1], h: shape[2], w: shape[3],
                                                    kernel: kernel, stride: stride, padding: padding)
        }
    }

    /// F.interpolate(x, size: (height, width), mode="bilinear", align_corners=False). Forward only.
    public func resizedBilinear(height: Int, width: Int) -> Tensor {
        checkForwardOnly("interpolate_bilinear")
        shapeCheck(rank == 4 && shape[2] >= 1 && shape[3] >= 1 && height >= 1 && width >= 1,
                   "interpolate_bilinear: input \(shape) must be (N, C, H, W) with H, W ≥ 1, size \(height)x\(width) ≥ 1")
        if shape[2] == height && shape[3] == width { return self }
        return Tensor(shape: [shape[0], shape[1], height, width]) { y in
            Kernels.resizeBilinear(data, y, planes: shape[0] * shape[1], h: shape[2], w: shape[3], ho: height, wo: width)
        }
    }

    /// Zeros added around the two spatial axes: `rows` above and below, `columns` left and right (F.pad with
    /// (columns, columns, rows, rows)). Differentiable (a placement in zeros, whose adjoint is a slice).
    public func zeroPadded(rows: Int, columns: Int) -> Tensor {
        shapeCheck(rank == 4 && rows >= 0 && columns >= 0, "zero_pad: input \(shape) must be (N, C, H, W), padding ≥ 0")
        var y = self
        if rows > 0 { y = y.placedInZeros(shape: [shape[0], shape[1], shape[2] + 2 * rows, shape[3]], axis: 2, start: rows) }
        if columns > 0 {
            y = y.placedInZeros(shape: [shape[0], shape[1], y.shape[2], shape[3] + 2 * columns], axis: 3, start: columns)
        }
        return y
    }
}
