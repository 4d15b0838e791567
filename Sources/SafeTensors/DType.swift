// The element types ProGANSR reads from safetensors files, named as the format names them.
//
// F32 is what the engine computes in; F16 and BF16 arrive in public checkpoints and are widened to
// float32; U8 holds images; I64 is PyTorch's BatchNorm `num_batches_tracked`.

public enum DType: String, Sendable, CaseIterable {
    case F32, F16, BF16, U8, I64

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .F32: return 4
        case .F16, .BF16: return 2
        case .U8: return 1
        case .I64: return 8
        }
    }
}
