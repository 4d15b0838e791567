// ConvGeometry: the sizes of one 2-D convolution, shared by its forward and both backward kernels.
//
//   x  (N, C, H, W)            input
//   w  (O, C/groups, kh, kw)   weight (OIHW)
//   y  (N, O, Ho, Wo)          output, Ho = (H + 2·padding − kh) / stride + 1 (likewise Wo)

public struct ConvGeometry: Equatable, Sendable {
    public let n, c, h, w: Int
    public let o, kh, kw: Int
    public let stride, padding, groups: Int

    public var ho: Int { (h + 2 * padding - kh) / stride + 1 }
    public var wo: Int { (w + 2 * padding - kw) / stride + 1 }
    /// Input and output channels per group.
    var cg: Int { c / groups }
    var og: Int { o / groups }
    /// Rows of the im2col matrix of one group: Cg · kh · kw.
    var patch: Int { cg * kh * kw }

    /// Output rows per im2col chunk: the chunk's patch matrix (patch × rows·Wo) stays near
    /// `Kernels.colsChunkFloats` floats, so that it is written and read back in cache. Fixed by the
    /// geometry alone, so results never depend on timing or worker count.
    var chunkRows: Int { max(1, min(ho, Kernels.colsChunkFloats / max(patch * wo, 1))) }
    /// The output rows 0..<Ho in chunks of `chunkRows`.
    var rowChunks: [Range<Int>] {
        Swift.stride(from: 0, to: ho, by: chunkRows).map { $0..<Swift.min($0 + chunkRows, ho) }
    }

    var inputShape: [Int] { [n, c, h, w] }
    var weightShape: [Int] { [o, cg, kh, kw] }
    var outputShape: [Int] { [n, o, ho, wo] }

    /// 1x1, stride 1, no padding: the convolution is a plain GEMM on the image (no im2col).
    var isPointwise: Bool { kh == 1 && kw == 1 && stride == 1 && padding == 0 && groups == 1 }

    /// Checks that an input and a weight make a valid convolution; stops naming both shapes if not.
    init(input: [Int], weight: [Int], stride: Int, padding: Int, groups: Int) {
        shapeCheck(input.count == 4 && weight.count == 4,
                   "conv2d: input \(input) must be (N, C, H, W) and weight \(weight) (O, C/groups, kh, kw)")
        shapeCheck(groups >= 1 && input[1] % groups == 0 && weight[0] % groups == 0 && weight[1] == input[1] / groups,
                   "conv2d: input \(input) and weight \(weight) do not match with groups = \(groups)")
        shapeCheck(stride >= 1 && padding >= 0, "conv2d: stride \(stride) and padding \(padding) must be ≥ 1 and ≥ 0")
        (n, c, h, w) = (input[0], input[1], input[2], input[3])
        (o, kh, kw) = (weight[0], weight[2], weight[3])
        (self.stride, self.padding, self.groups) = (stride, padding, groups)
        shapeCheck(h + 2 * padding >= kh && w + 2 * padding >= kw,
                   "conv2d: kernel \(kh)x\(kw) larger than the padded input \(input) (padding \(padding))")
    }
}
