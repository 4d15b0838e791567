// One header entry of a safetensors file, after validation.

public struct TensorInfo: Sendable, Equatable {
    /// The tensor's key (a PyTorch state_dict path such as `trunk.0.rcb.1.running_mean`).
    public let name: String
    public let dtype: DType
    /// Dimensions, outermost first (PyTorch's order: NCHW, OIHW). `[]` is a scalar.
    public let shape: [Int]
    /// Where the bytes are, relative to the start of the data area (the format's `data_offsets`).
    public let byteRange: Range<Int>

    public init(name: String, dtype: DType, shape: [Int], byteRange: Range<Int>) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.byteRange = byteRange
    }

    /// The number of elements: the product of the dimensions (1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }
}
