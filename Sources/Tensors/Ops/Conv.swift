// Convolution as three primitives that differentiate into each other:
//
//   y  = conv2d(x, w)                 (+ bias, fused)
//   gx = conv2dBackwardInput(gy, w)   the adjoint of conv2d in x
//   gw = conv2dBackwardWeight(x, gy)  the adjoint of conv2d in w
//
// All three are bilinear, so each one's backward is made of the others (⟨u, gx⟩ = ⟨conv2d(u, w), gy⟩, …).
// That closes the set under differentiation: WGAN-GP's second-order gradient through conv, depthwise
// and pointwise layers uses only these kernels. groups = C is depthwise; 1x1 is pointwise.

extension Tensor {
    /// PyTorch's conv2d: x (N, C, H, W), weight (O, C/groups, kh, kw), bias (O); then `activation`, applied in the
    /// convolution's output pass (Ops/ConvActivation.swift, Kernels/ConvActivationPass.swift).
    public static func conv2d(_ x: Tensor, weight w: Tensor, bias b: Tensor? = nil,
                              stride: Int = 1, padding: Int = 0, groups: Int = 1,
                              activation: ConvActivation = .identity) -> Tensor {
        let g = ConvGeometry(input: x.shape, weight: w.shape, stride: stride, padding: padding, groups: groups)
        if let b { shapeCheck(b.shape == [g.o], "conv2d: bias \(b.shape) does not match weight \(w.shape)") }
        let size = g.ho * g.wo
        let r = activation.keepsNormFactors ? Tensor(shape: [g.n, size]) { _ in } : nil
        let y = Tensor(shape: g.outputShape) { out in
            Kernels.conv2dForward(x.data, w.data, bias: b.map { UnsafePointer($0.data) }, out, g: g,
                                  activation: activation, normFactors: r?.data)
        }
        let inputs = b.map { [x, w, $0] } ?? [x, w]
        return record(y, op: activation == .identity ? "conv2d" : "conv2d_activated", inputs: inputs, usingOutput: { gy, needs, y in
            let gPre: Tensor
            // A first-order backward that needs the bias gradient takes it from per-plane sums made in the
            // activation's backward pass (the same bits as gPre.sum(axes: [0, 2, 3]), without another pass).
            let needsBias = needs.count > 2 && needs[2]
            let planeSums = needsBias && !GradMode.enabled && activation != .identity
                ? Tensor(shape: [g.n, g.o]) { _ in } : nil
            switch activation {
            case .identity:
                gPre = gy
            case .leakyRelu(let slope) where planeSums != nil:
                gPre = Tensor(shape: gy.shape) { out in
                    Kernels.leakyGateBackward(gy.data, y.data, out, planeSums: planeSums!.data, planes: g.n * g.o, size: size, slope: slope)
                }
            case .leakyRelu(let slope):
                // The gate is constant in x, so this is exact for a recording (second-order) backward too.
                gPre = leakyGate(gy, by: y, slope: slope)
            case .leakyReluPixelNorm(let slope, let eps) where GradMode.enabled:
                // A recording backward differentiates through r(x): the chain again, as ops.
                let pre = conv2d(x, weight: w, bias: b, stride: stride, padding: padding, groups: groups)
                gPre = leakyGate(pixelNormBackwardComposed(gy, x: pre.leakyRelu(slope: slope), eps: eps), by: pre, slope: slope)
            case .leakyReluPixelNorm(let slope, _):
                gPre = Tensor(shape: gy.shape) { out in
                    Kernels.pixelNormBackward(gy.data, y.data, r!.data, out, n: g.n, c: g.o, s: size, leakySlope: slope,
                                              planeSums: planeSums?.data)
                }
            }
            return [needs[0] ? conv2dBackwardInput(gPre, weight: w, geometry: g) : nil,
                    needs[1] ? conv2dBackwardWeight(x, gradOutput: gPre, geometry: g) : nil,
                    needsBias ? (planeSums?.sum(axes: [0]) ?? gPre.sum(axes: [0, 2, 3])) : nil]
        })
    }

    /// ∂⟨gy, conv2d(x, w)⟩/∂x, for the geometry of that convolution.
    static func conv2dBackwardInput(_ gy: Tensor, weight w: Tensor, geometry g: ConvGeometry) -> Tensor {
        shapeCheck(gy.shape == g.outputShape, "conv2d backward: gradient \(gy.shape) is not the output shape \(g.outputShape)")
        let gx = Tensor(shape: g.inputShape) { out in Kernels.conv2dBackwardInput(gy.data, w.data, out, g: g) }
        return record(gx, op: "conv2d_backward_input", inputs: [gy, w]) { u, needs in
            [needs[0] ? conv2d(u, weight: w, stride: g.stride, padding: g.padding, groups: g.groups) : nil,
             needs[1] ? conv2dBackwardWeight(u, gradOutput: gy, geometry: g) : nil]
        }
    }

    /// ∂⟨gy, conv2d(x, w)⟩/∂w.
    static func conv2dBackwardWeight(_ x: Tensor, gradOutput gy: Tensor, geometry g: ConvGeometry) -> Tensor {
        shapeCheck(gy.shape == g.outputShape, "conv2d backward: gradient \(gy.shape) is not the output shape \(g.outputShape)")
        let gw = Tensor(shape: g.weightShape) { out in Kernels.conv2dBackwardWeight(x.data, gy.data, out, g: g) }
        return record(gw, op: "conv2d_backward_weight", inputs: [x, gy]) { u, needs in
            [needs[0] ? conv2dBackwardInput(gy, weight: u, geometry: g) : nil,
             needs[1] ? conv2d(x, weight: u, stride: g.stride, padding: g.padding, groups: g.groups) : nil]
        }
    }
}
