// SRResNet's output convolution (conv3: 9x9, C → 3 channels at the HR size) computed the cheap way round.
//
// As im2col + GEMM, a 9x9 convolution to 3 channels builds a (C·81) × (H·W) column matrix per image (95 MB
// for C = 32 at 96x96) to feed a GEMM with only 3 output rows: memory-bound, ~0.7 s forward and ~2.6 s with
// its backward for a batch of 16 on this machine, more than the rest of a 4x32 SRResNet step together.
// Instead (the "GEMM then col2im" order):
//
//   Z = W'·x        a 1x1 convolution to k²·O channels, W' = W permuted to (ky, kx, o) × c   (one GEMM)
//   y[o, h, w] = Σ_{ky,kx} Z[(ky·k + kx)·O + o, h + ky − p, w + kx − p]   (zero outside)   shiftedSum
//
// and back: gZ[(ky·k + kx)·O + o, h, w] = gy[o, h − ky + p, w − kx + p] (shiftedSumAdjoint), then the 1x1
// convolution's own backward (autograd). Z is k²·O = 243 channels: 4x smaller than the column matrix, and
// every GEMM has a large inner size. The Tensors engine records no custom ops from outside, so training
// runs the shifted sum outside the graph and joins the two halves of the backward pass (SRResNetPass).

import Tensors

enum OutputConvolution {
    /// W (O, C, k, k) → W' (k²·O, C, 1, 1), differentiable (rows ordered (ky, kx, o)).
    static func stackedWeight(_ w: Tensor) -> Tensor {
        let (o, c, k) = (w.shape[0], w.shape[1], w.shape[2])
        return w.permuted([2, 3, 0, 1]).reshaped([k * k * o, c, 1, 1])
    }

    /// Z (N, k²·O, H, W) → y (N, O, H, W): the shifted sum above ('same' padding p = k / 2). Not recorded.
    static func shiftedSum(_ z: Tensor, outputChannels o: Int, kernel k: Int) -> Tensor {
        let (n, h, w) = (z.shape[0], z.shape[2], z.shape[3])
        precondition(z.shape[1] == k * k * o, "shiftedSum: \(z.shape) does not hold \(k)²·\(o) channels")
        let p = k / 2, plane = h * w
        return z.withUnsafeBufferPointer { zp in
            Tensor(shape: [n, o, h, w]) { y in
                // y is (N, O, H, W), zero-filled here; z is (N, k²·O, H, W). One (image, channel) plane per task.
                Parallel.forRange(n * o) { planes in
                    for q in planes {
                        let (i, c) = (q / o, q % o)
                        let out = y + q * plane
                        out.initialize(repeating: 0, count: plane)
                        for ky in 0..<k {
                            for kx in 0..<k {
                                let src = zp.baseAddress! + ((i * k * k + ky * k + kx) * o + c) * plane
                                let dy = ky - p, dx = kx - p
                                // rows with 0 ≤ row + dy < h, columns with 0 ≤ col + dx < w
                                for row in max(0, -dy)..<min(h, h - dy) {
                                    let o0 = out + row * w, s0 = src + (row + dy) * w + dx
                                    for col in max(0, -dx)..<min(w, w - dx) { o0[col] += s0[col] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// gy (N, O, H, W) → gZ (N, k²·O, H, W): the adjoint of shiftedSum. Not recorded.
    static func shiftedSumAdjoint(_ gy: Tensor, kernel k: Int) -> Tensor {
        let (n, o, h, w) = (gy.shape[0], gy.shape[1], gy.shape[2], gy.shape[3])
        let p = k / 2, plane = h * w
        return gy.withUnsafeBufferPointer { gp in
            Tensor(shape: [n, k * k * o, h, w]) { gz in
                // gz is (N, k²·O, H, W); gy is (N, O, H, W). One output plane per task.
                Parallel.forRange(n * k * k * o) { planes in
                    for q in planes {
                        let i = q / (k * k * o), r = q % (k * k * o)
                        let (tap, c) = (r / o, r % o)
                        let (dy, dx) = (tap / k - p, tap % k - p)
                        let out = gz + q * plane
                        out.initialize(repeating: 0, count: plane)
                        let src = gp.baseAddress! + (i * o + c) * plane
                        // gz[row + dy, col + dx] = gy[row, col] for rows/cols that land inside
                        for row in max(0, -dy)..<min(h, h - dy) {
                            let o0 = out + (row + dy) * w + dx, s0 = src + row * w
                            for col in max(0, -dx)..<min(w, w - dx) { o0[col] = s0[col] }
                        }
                    }
                }
            }
        }
    }
}
