// Reading tensors from safetensors files (the format itself lives in the SafeTensors target; Tensors knows
// nothing of files).

import SafeTensors
import Tensors

extension Tensor {
    /// The tensor `name` of `file`, converted to float32 (F16, BF16, U8 and I64 are widened).
    public convenience init(_ file: SafeTensorsFile, _ name: String) throws {
        let shape = try file.shape(name)
        self.init(shape: shape, data: try file.floats(name))
    }
}
