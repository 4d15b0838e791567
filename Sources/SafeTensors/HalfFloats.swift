// Widening 16-bit floats to float32, bit by bit (Swift's Float16 is not available on every platform
// this package builds for, and bfloat16 has no Swift type).

enum HalfFloats {
    /// IEEE 754 binary16: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits.
    @inline(__always)
    static func float(fromF16 h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x03FF)
        if exponent == 0x1F {  // infinity or NaN (payload kept)
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        }
        if exponent == 0 {  // zero or subnormal: mantissa · 2^-24, exact in float32
            let magnitude = Float(mantissa) * 0x1p-24
            return sign != 0 ? -magnitude : magnitude
        }
        return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)  // 112 = 127 − 15
    }

    /// bfloat16 is the top half of a float32.
    @inline(__always)
    static func float(fromBF16 b: UInt16) -> Float {
        Float(bitPattern: UInt32(b) << 16)
    }
}
