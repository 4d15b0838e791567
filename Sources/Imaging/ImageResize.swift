// Resizing an image to an exact size with a named kernel.

import CVipsShim

extension Image {
    /// The image resampled to `width` x `height` with `kernel`.
    public func resized(width: Int, height: Int, kernel: ResizeKernel) throws -> Image {
        precondition(width > 0 && height > 0, "resized: output size must be positive, got \(width)x\(height)")
        if width == self.width && height == self.height { return self }
        switch kernel.engine {
        case .nearest:
            return nearest(width: width, height: height)
        case .separable(let filter):
            return SeparableResampler.resize(self, width: width, height: height, filter: filter)
        case .vips where width > self.width || height > self.height:
            return SeparableResampler.resize(self, width: width, height: height, filter: kernel.separableFilter!)
        case .vips(let vipsKernel):
            let fail = { (reason: String) in ImagingError.operationFailed(operation: "resize (\(kernel.rawValue))", reason: reason) }
            let source = try VipsImageRef.from(pixels: pixels, width: self.width, height: self.height, bands: 3)
            // vips_resize rounds width · scale to the output size; nudge the scale so that the
            // product lands on the integer even after floating-point error.
            // An unchanged axis gets exactly 1 (a scale of 1 + ε would resample it).
            let hscale = width == self.width ? 1 : (Double(width) + 1e-6) / Double(self.width)
            let vscale = height == self.height ? 1 : (Double(height) + 1e-6) / Double(self.height)
            let out = try source.apply(fail) { shim_resize($0, hscale, vscale, vipsKernel, $1) }
            guard out.width == width, out.height == height, out.bands == 3 else {
                throw fail("produced \(out.width)x\(out.height)x\(out.bands), wanted \(width)x\(height)x3")
            }
            let cast = out.isUChar ? out : try out.apply(fail) { shim_cast_uchar($0, $1) }
            return Image(width: width, height: height, pixels: try cast.pixels(fail))
        }
    }

    /// Source index of each output pixel along one axis, as Pillow computes it (ImagingScaleAffine):
    /// the position starts at scale/2 and grows by `scale` per pixel in double precision, then is
    /// truncated — accumulating, rather than computing (i + ½)·scale, decides the exact ties.
    static func nearestIndices(inSize: Int, outSize: Int) -> [Int] {
        let scale = Double(inSize) / Double(outSize)
        var position = scale * 0.5
        var result = [Int](repeating: 0, count: outSize)
        for i in 0..<outSize {
            result[i] = Swift.min(Swift.max(Int(position), 0), inSize - 1)
            position += scale
        }
        return result
    }

    // in is (H, W, 3), out is (height, width, 3)
    func nearest(width outW: Int, height outH: Int) -> Image {
        let xs = Image.nearestIndices(inSize: width, outSize: outW)
        let ys = Image.nearestIndices(inSize: height, outSize: outH)
        var out = [UInt8](repeating: 0, count: outW * outH * 3)
        for y in 0..<outH {
            let sy = ys[y]
            for x in 0..<outW {
                let s = (sy * width + xs[x]) * 3, d = (y * outW + x) * 3
                out[d] = pixels[s]; out[d + 1] = pixels[s + 1]; out[d + 2] = pixels[s + 2]
            }
        }
        return Image(width: outW, height: outH, pixels: out)
    }

    /// The image resampled to a square `side` x `side`.
    public func resized(side: Int, kernel: ResizeKernel) throws -> Image {
        try resized(width: side, height: side, kernel: kernel)
    }
}
