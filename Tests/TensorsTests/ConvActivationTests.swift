// A convolution with its activation fused into the output pass (Ops/ConvActivation.swift) against the same
// convolution followed by the separate ops: forward, first-order gradients of input, weight and bias, and the
// gradients of WGAN-GP's penalty ‖∇ₓ‖² (second order) — on each kernel path the fused pass is reached by.

import XCTest
import Tensors

final class ConvActivationTests: XCTestCase {
    struct Case { let label: String; let n, c, o, h, w, k: Int; var groups = 1 }

    /// Every convolution path: pointwise (GEMM per image, the fused pass), pointwise with one image (row-split
    /// GEMM), im2col 3x3 (few channels), Winograd (≥ 16 channels both ways) and depthwise (the pass after).
    let cases = [
        Case(label: "pointwise 6→5", n: 3, c: 6, o: 5, h: 4, w: 7, k: 1),
        Case(label: "pointwise one image 16→24", n: 1, c: 16, o: 24, h: 8, w: 8, k: 1),
        Case(label: "im2col 3x3 4→6", n: 2, c: 4, o: 6, h: 5, w: 6, k: 3),
        Case(label: "winograd 3x3 16→16", n: 2, c: 16, o: 16, h: 4, w: 4, k: 3),
        Case(label: "depthwise 3x3", n: 2, c: 5, o: 5, h: 6, w: 9, k: 3, groups: 5),
    ]
    let activations: [ConvActivation] = [.leakyRelu(slope: 0.2), .leakyReluPixelNorm(slope: 0.2, eps: 1e-8)]

    func inputs(_ t: Case) -> [Tensor] {
        let seed = UInt64(t.n * 1000 + t.c * 10 + t.o)
        return [smoothRandom([t.n, t.c, t.h, t.w], seed: seed), smoothRandom([t.o, t.c / t.groups, t.k, t.k], seed: seed + 1, scale: 0.3),
                smoothRandom([t.o], seed: seed + 2, scale: 0.2)]
    }

    func conv(_ t: Case, _ p: [Tensor], _ activation: ConvActivation, fused: Bool) -> Tensor {
        let pad = t.k / 2
        if fused { return Tensor.conv2d(p[0], weight: p[1], bias: p[2], padding: pad, groups: t.groups, activation: activation) }
        return Tensor.conv2d(p[0], weight: p[1], bias: p[2], padding: pad, groups: t.groups).activated(activation)
    }

    func assertClose(_ a: Tensor, _ b: Tensor, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.shape, b.shape, what, file: file, line: line)
        let (x, y) = (a.toArray(), b.toArray())
        let scale = max(1, y.map { abs($0) }.max() ?? 0)
        let worst = zip(x, y).map { abs($0 - $1) }.max() ?? 0
        print("conv activation \(what): max difference \(worst) (scale \(scale))")
        XCTAssertLessThanOrEqual(worst, 2e-5 * scale, what, file: file, line: line)
    }

    func testForwardAndGradients() {
        for t in cases { for activation in activations {
            let label = "\(t.label) \(activation)"
            let leaves = inputs(t).map { $0.requiringGrad() }
            let (fused, reference) = (conv(t, leaves, activation, fused: true), conv(t, leaves, activation, fused: false))
            assertClose(fused, reference, "\(label) forward")
            let gf = grad(of: probe(fused), wrt: leaves), gr = grad(of: probe(reference), wrt: leaves)
            for (i, name) in ["input", "weight", "bias"].enumerated() { assertClose(gf[i], gr[i], "\(label) \(name) gradient") }
        } }
    }

    /// A first-order backward takes the bias gradient from plane sums made in the gate's pass; a recording one sums
    /// the gated gradient as an op. The two must be the same bits (the sums are taken in the same order), also where
    /// the sum over images is cut into fixed parts (40 images × 1,000 channels).
    func testBiasGradientFromThePlaneSumsIsTheSummedGateBitForBit() {
        for t in cases + [Case(label: "pointwise 3→1000, 40 images", n: 40, c: 3, o: 1000, h: 1, w: 1, k: 1)] {
            let leaves = inputs(t).map { $0.requiringGrad() }
            let y = conv(t, leaves, .leakyRelu(slope: 0.2), fused: true)
            let fromPlanes = grad(of: probe(y), wrt: [leaves[2]])[0]
            let summed = grad(of: probe(y), wrt: [leaves[2]], createGraph: true)[0]
            XCTAssertEqual(fromPlanes.toArray(), summed.toArray(), t.label)
        }
    }

    /// ∂‖∇ₓ probe(f(x))‖² / ∂(x, w, b): the recording backward of the fused op, differentiated again.
    func testSecondOrder() {
        for t in cases { for activation in activations {
            let label = "\(t.label) \(activation)"
            func penaltyGradients(fused: Bool) -> [Tensor] {
                let leaves = inputs(t).map { $0.requiringGrad() }
                let gx = grad(of: probe(conv(t, leaves, activation, fused: fused)), wrt: [leaves[0]], createGraph: true)[0]
                return grad(of: gx.square().sum(), wrt: leaves)
            }
            let (gf, gr) = (penaltyGradients(fused: true), penaltyGradients(fused: false))
            for (i, name) in ["input", "weight", "bias"].enumerated() { assertClose(gf[i], gr[i], "\(label) penalty \(name) gradient") }
        } }
    }

    /// The layer call the networks use gives the same as the layer followed by the ops.
    func testUnfusedFallbackIsTheReference() {
        let t = cases[0], p = inputs(t)
        for activation in activations { assertClose(conv(t, p, activation, fused: true), conv(t, p, activation, fused: false), "\(activation) without grad") }
    }
}
