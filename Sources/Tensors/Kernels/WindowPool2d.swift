// Pooling over k×k windows moved by a stride, with padding: forward only, for inference (the Inception-v3
// of the FID convention, Sources/Inception). PyTorch's floor mode: Ho = (H + 2p − k) / s + 1 (likewise Wo).
//
//   x (P, H, W) planes, P = N·C;   y (P, Ho, Wo)
//
// max: padded positions are never chosen (PyTorch pads with −∞), as torch.nn.functional.max_pool2d.
// avg: the mean over the window's positions that lie inside the input, as F.avg_pool2d(…, count_include_pad=False)
//      (pytorch-fid's FIDInceptionA/C/E_1: TensorFlow's average pool, which does not count the padding).
// Parallel over planes (each plane is written by one worker).

extension Kernels {
    /// The window of output index o along one axis, clamped to the input: [lo, hi).
    @inline(__always)
    static func poolWindow(_ o: Int, size: Int, kernel k: Int, stride s: Int, padding p: Int) -> (Int, Int) {
        let start = o * s - p
        return (max(start, 0), min(start + k, size))
    }

    /// y = max over each window.   x (P, H, W) → y (P, Ho, Wo)
    static func maxPoolWindowed(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, planes: Int, h H: Int, w W: Int,
                                kernel k: Int, stride s: Int, padding p: Int) {
        let Ho = (H + 2 * p - k) / s + 1, Wo = (W + 2 * p - k) / s + 1
        Parallel.forRange(planes, grain: max(1, Parallel.elementGrain / max(H * W, 1))) { r in
            for plane in r {
                let src = x + plane * H * W, dst = y + plane * Ho * Wo
                for oh in 0..<Ho {
                    let (h0, h1) = poolWindow(oh, size: H, kernel: k, stride: s, padding: p)
                    for ow in 0..<Wo {
                        let (w0, w1) = poolWindow(ow, size: W, kernel: k, stride: s, padding: p)
                        var best = -Float.infinity
                        for ih in h0..<h1 {
                            for iw in w0..<w1 {
                                let v = src[ih * W + iw]
                                if v > best || v.isNaN { best = v }
                            }
                        }
                        dst[oh * Wo + ow] = best
                    }
                }
            }
        }
    }

    /// y = mean over each window's positions inside the input (padding not counted).   x (P, H, W) → y (P, Ho, Wo)
    static func avgPoolWindowedExcludingPadding(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, planes: Int,
                                                h H: Int, w W: Int, kernel k: Int, stride s: Int, padding p: Int) {
        let Ho = (H + 2 * p - k) / s + 1, Wo = (W + 2 * p - k) / s + 1
        Parallel.forRange(planes, grain: max(1, Parallel.elementGrain / max(H * W, 1))) { r in
            for plane in r {
                let src = x + plane * H * W, dst = y + plane * Ho * Wo
                for oh in 0..<Ho {
                    let (h0, h1) = poolWindow(oh, size: H, kernel: k, stride: s, padding: p)
                    for ow in 0..<Wo {
                        let (w0, w1) = poolWindow(ow, size: W, kernel: k, stride: s, padding: p)
                        // Summed row by row in PyTorch's order (its cpu_avg_pool loop), then divided.
                        var sum: Float = 0
                        for ih in h0..<h1 { for iw in w0..<w1 { sum += src[ih * W + iw] } }
                        dst[oh * Wo + ow] = sum / Float((h1 - h0) * (w1 - w0))
                    }
                }
            }
        }
    }
}
