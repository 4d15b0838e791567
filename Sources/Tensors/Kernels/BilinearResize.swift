// Bilinear resizing as PyTorch's F.interpolate(x, size, mode="bilinear", align_corners=False, antialias=False)
// (aten/src/ATen/native/UpSample.h, area_pixel_compute_source_index and guard_index_and_lambda; the CPU kernel
// cpu_upsample_linear). pytorch-fid resizes every image to 299x299 this way before its Inception-v3
// (src/pytorch_fid/inception.py, InceptionV3.forward). No antialiasing: a shrink samples, it does not average.
//
//   x (P, H, W) planes, P = N·C;   y (P, Ho, Wo)
//
// Along each axis, in float32 as PyTorch's opmath for float:
//   scale = in / out;  src = max(scale·(o + 0.5) − 0.5, 0);  i0 = min(⌊src⌋, in − 1);  i1 = i0 + (i0 < in − 1 ? 1 : 0)
//   λ1 = min(max(src − i0, 0), 1);  λ0 = 1 − λ1
//   y[o_h, o_w] = λ0h·(λ0w·x[i0h, i0w] + λ1w·x[i0h, i1w]) + λ1h·(λ0w·x[i1h, i0w] + λ1w·x[i1h, i1w])
// Parallel over planes.

extension Kernels {
    /// The two source indices and weights of each output index along one axis (see the top of the file).
    static func bilinearTaps(input: Int, output: Int) -> (i0: [Int], i1: [Int], l0: [Float], l1: [Float]) {
        let scale = Float(input) / Float(output)
        var i0 = [Int](repeating: 0, count: output), i1 = i0
        var l0 = [Float](repeating: 0, count: output), l1 = l0
        for o in 0..<output {
            let src = max(scale * (Float(o) + 0.5) - 0.5, 0)
            let lo = min(Int(src.rounded(.down)), input - 1)
            i0[o] = lo
            i1[o] = lo + (lo < input - 1 ? 1 : 0)
            l1[o] = min(max(src - Float(lo), 0), 1)
            l0[o] = 1 - l1[o]
        }
        return (i0, i1, l0, l1)
    }

    /// y = bilinear resize of x.   x (P, H, W) → y (P, Ho, Wo)
    static func resizeBilinear(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, planes: Int,
                               h H: Int, w W: Int, ho Ho: Int, wo Wo: Int) {
        let rows = bilinearTaps(input: H, output: Ho), cols = bilinearTaps(input: W, output: Wo)
        Parallel.forRange(planes, grain: max(1, Parallel.elementGrain / max(Ho * Wo, 1))) { r in
            for plane in r {
                let src = x + plane * H * W, dst = y + plane * Ho * Wo
                for oh in 0..<Ho {
                    let r0 = src + rows.i0[oh] * W, r1 = src + rows.i1[oh] * W
                    let (a0, a1) = (rows.l0[oh], rows.l1[oh])
                    for ow in 0..<Wo {
                        let (c0, c1) = (cols.i0[ow], cols.i1[ow])
                        let (b0, b1) = (cols.l0[ow], cols.l1[ow])
                        let top = b0 * r0[c0] + b1 * r0[c1]
                        let bottom = b0 * r1[c0] + b1 * r1[c1]
                        dst[oh * Wo + ow] = a0 * top + a1 * bottom
                    }
                }
            }
        }
    }
}
