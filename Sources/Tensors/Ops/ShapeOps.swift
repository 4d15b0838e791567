// Shape ops: reshape, flatten, permute/transpose, slice along an axis, concatenation.
// Their backward rules are the inverse rearrangements.

extension Tensor {
    /// The same elements with another shape (one dimension may be −1).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var s = newShape
        if let i = s.firstIndex(of: -1) {
            let known = s.enumerated().filter { $0.offset != i }.reduce(1) { $0 * $1.element }
            shapeCheck(known > 0 && count % known == 0, "reshape: cannot reshape \(shape) to \(newShape)")
            s[i] = count / known
        }
        shapeCheck(s.reduce(1, *) == count, "reshape: cannot reshape \(shape) (\(count) elements) to \(newShape)")
        if s == shape { return self }
        let y = Tensor(shape: s, storage: storage)
        let inShape = shape
        return Tensor.record(y, op: "reshape", inputs: [self]) { g, _ in [g.reshaped(inShape)] }
    }

    /// [N, …] → [N, product of the rest].
    public func flattened() -> Tensor { reshaped([shape.first ?? 1, -1]) }

    /// Axes rearranged: result.shape[i] = shape[perm[i]].
    public func permuted(_ perm: [Int]) -> Tensor {
        shapeCheck(perm.count == rank && Set(perm) == Set(0..<rank), "permute: \(perm) is not a permutation of the axes of \(shape)")
        if perm == Array(0..<rank) { return self }
        let y = Tensor(shape: perm.map { shape[$0] }) { out in Kernels.permute(data, shape: shape, perm: perm, out) }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, p) in perm.enumerated() { inverse[p] = i }
        return Tensor.record(y, op: "permute", inputs: [self]) { g, _ in [g.permuted(inverse)] }
    }

    /// Swaps two axes.
    public func transposed(_ a: Int = -2, _ b: Int = -1) -> Tensor {
        var perm = Array(0..<rank)
        perm.swapAt(normalizedAxis(a, op: "transpose"), normalizedAxis(b, op: "transpose"))
        return permuted(perm)
    }

    /// Elements start..<start+length along `axis`.
    public func slice(axis: Int, start: Int, length: Int) -> Tensor {
        let ax = normalizedAxis(axis, op: "slice")
        shapeCheck(start >= 0 && length >= 0 && start + length <= shape[ax],
                   "slice: range \(start)..<\(start + length) out of bounds for axis \(ax) of \(shape)")
        if start == 0 && length == shape[ax] { return self }
        var outShape = shape; outShape[ax] = length
        let inner = shape[(ax + 1)...].reduce(1, *), outer = shape[..<ax].reduce(1, *)
        let y = Tensor(shape: outShape) { out in
            Kernels.copyBlocks(data + start * inner, srcStride: shape[ax] * inner, out, dstStride: length * inner,
                               outer: outer, block: length * inner)
        }
        let inShape = shape
        return Tensor.record(y, op: "slice", inputs: [self]) { g, _ in
            [g.placedInZeros(shape: inShape, axis: ax, start: start)]
        }
    }

    /// The adjoint of `slice`: a zero tensor of `shape` with this tensor at `start` along `axis`.
    func placedInZeros(shape full: [Int], axis ax: Int, start: Int) -> Tensor {
        let length = shape[ax], inner = full[(ax + 1)...].reduce(1, *), outer = full[..<ax].reduce(1, *)
        let y = Tensor(shape: full) { out in
            out.update(repeating: 0, count: full.reduce(1, *))
            Kernels.copyBlocks(data, srcStride: length * inner, out + start * inner, dstStride: full[ax] * inner,
                               outer: outer, block: length * inner)
        }
        return Tensor.record(y, op: "pad_slice", inputs: [self]) { g, _ in
            [g.slice(axis: ax, start: start, length: length)]
        }
    }

    /// Joins tensors along `axis`; all other dimensions must agree.
    public static func concat(_ parts: [Tensor], axis: Int) -> Tensor {
        shapeCheck(!parts.isEmpty, "concat: no tensors given")
        let first = parts[0], ax = first.normalizedAxis(axis, op: "concat")
        for p in parts {
            var a = p.shape, b = first.shape
            shapeCheck(a.count == b.count, "concat: shapes \(first.shape) and \(p.shape) differ in rank")
            a[ax] = 0; b[ax] = 0
            shapeCheck(a == b, "concat: shapes \(first.shape) and \(p.shape) differ outside axis \(ax)")
        }
        var outShape = first.shape
        outShape[ax] = parts.reduce(0) { $0 + $1.shape[ax] }
        let inner = first.shape[(ax + 1)...].reduce(1, *), outer = first.shape[..<ax].reduce(1, *)
        let y = Tensor(shape: outShape) { out in
            var offset = 0
            for p in parts {
                Kernels.copyBlocks(p.data, srcStride: p.shape[ax] * inner, out + offset * inner,
                                   dstStride: outShape[ax] * inner, outer: outer, block: p.shape[ax] * inner)
                offset += p.shape[ax]
            }
        }
        let sizes = parts.map { $0.shape[ax] }
        return record(y, op: "concat", inputs: parts) { g, needs in
            var start = 0
            return sizes.enumerated().map { i, n in
                defer { start += n }
                return needs[i] ? g.slice(axis: ax, start: start, length: n) : nil
            }
        }
    }
}
