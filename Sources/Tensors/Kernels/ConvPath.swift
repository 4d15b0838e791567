// ConvPath: which kernel family computes a convolution, decided once from its geometry and used by the forward,
// the input gradient and the weight gradient alike (Conv2d.swift), so the three can never disagree.
//
//   depthwise3x3  groups = C = O, 3x3, stride 1, padding 1            Depthwise3x3.swift (direct loops)
//   winograd3x3   groups 1, 3x3, stride 1, padding 1, C ≥ 16, O ≥ 16  Winograd3x3.swift (F(2x2, 3x3))
//   shiftedSum    groups 1, stride 1, O ≤ 4, square k > 1, padding < k ShiftedSumConv.swift / DirectConv.swift
//   gemm          everything else: im2col + GEMM (1x1 stride 1: GEMM on the image)
//
// Why these thresholds: Winograd needs enough channels both ways for its 16 GEMMs to pay for the transforms; the
// shifted sums serve few *output* channels (SRResNet's last 9x9 conv, 64 → 3), where OpenBLAS' GEMM has 3 rows
// (with few *input* channels, as SRResNet's first conv 3 → 64, im2col + GEMM measured faster: 298 vs 393 ms
// forward+backward); depthwise 3x3 is the separable network's hot op.
//
// The conditions are disjoint but for one geometry: a single-channel 3x3 'same' convolution (C = O = groups = 1)
// is both depthwise and few-output; it takes the depthwise kernel. Winograd needs O ≥ 16 and the shifted sums
// O ≤ 4; depthwise with groups = C ≥ 16 is never groups 1.

enum ConvPath: Equatable, Sendable {
    case depthwise3x3, winograd3x3, shiftedSum, gemm

    init(_ g: ConvGeometry) {
        let sameThreeByThree = g.kh == 3 && g.kw == 3 && g.stride == 1 && g.padding == 1
        if sameThreeByThree && g.groups == g.c && g.o == g.c {
            self = .depthwise3x3
        } else if sameThreeByThree && g.groups == 1 && g.c >= 16 && g.o >= 16 {
            self = .winograd3x3
        } else if g.groups == 1 && g.stride == 1 && g.o <= 4 && g.kh == g.kw && g.kh > 1 && g.padding < g.kh {
            self = .shiftedSum
        } else {
            self = .gemm
        }
    }
}
