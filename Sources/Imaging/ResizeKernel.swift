// Resampling kernels by name: every kernel libvips has, and the six algorithm names of the published
// downsampling comparison.

public enum ResizeKernel: String, CaseIterable, Sendable, Codable {
    // libvips' kernels (VipsKernel); nearest is point sampling, done in Swift (see Engine).
    case nearest, linear, cubic, mitchell, lanczos2, lanczos3
    // libvips ≥ 8.15's Magic Kernel Sharp; run by our separable resampler on older libvips.
    case mks2013, mks2021
    // The published comparison's names, which are Pillow's six filters: run by our separable resampler
    // with Pillow's definitions and arithmetic (results equal Pillow's Image.resize). libvips' cubic,
    // linear and lanczos3 have the same filter shapes but libvips' own rounding and edge handling.
    case bicubic, bilinear, lanczos, hamming, box

    /// Parses a kernel name (case-insensitive).
    public init(name: String) throws {
        guard let k = ResizeKernel(rawValue: name.lowercased()) else { throw ImagingError.unknownKernel(name: name) }
        self = k
    }

    /// Every kernel, the published six first (nearest is one implementation under both headings).
    public static let distinct: [ResizeKernel] = [.nearest, .bilinear, .bicubic, .lanczos, .hamming, .box,
                                                  .linear, .cubic, .mitchell, .lanczos2, .lanczos3, .mks2013, .mks2021]

    /// How the kernel is run.
    enum Engine {
        /// Point sampling in Swift: source pixel ⌊(i + ½) · in / out⌋, as Pillow computes it. libvips'
        /// nearest cannot be used: vips_resize shrinks by whole factors first and misses the size.
        case nearest
        /// libvips' vips_resize with this VipsKernel value (to shrink; enlarging uses the separable
        /// resampler with the same filter, see separableFilter).
        case vips(Int32)
        case separable(ResampleFilter)
    }

    var engine: Engine {
        switch self {
        case .nearest: return .nearest
        case .linear: return .vips(1)
        case .cubic: return .vips(2)
        case .mitchell: return .vips(3)
        case .lanczos2: return .vips(4)
        case .lanczos3: return .vips(5)
        case .bilinear: return .separable(.bilinear)
        case .bicubic: return .separable(.bicubic)
        case .lanczos: return .separable(.lanczos)
        case .mks2013: return .separable(.mks2013)
        case .mks2021: return .separable(.mks2021)
        case .hamming: return .separable(.hamming)
        case .box: return .separable(.box)
        }
    }

    /// The same filter shape for our separable resampler: used to enlarge, because libvips 8.14's
    /// vips_resize places enlarged pixels a quarter of a source pixel off centre (measured: a 2x
    /// linear enlargement of [0, 60, 120, 180] gives [0, 0, 30, 60, …], Pillow [0, 15, 45, 75, …]).
    var separableFilter: ResampleFilter? {
        switch self {
        case .linear, .bilinear: return .bilinear
        case .cubic, .bicubic: return .bicubic
        case .lanczos3, .lanczos: return .lanczos
        case .mitchell: return .mitchell
        case .lanczos2: return .lanczos2
        case .mks2013: return .mks2013
        case .mks2021: return .mks2021
        case .hamming: return .hamming
        case .box: return .box
        case .nearest: return nil
        }
    }

    /// Where the implementation comes from, for tables and reports.
    public var implementation: String {
        switch engine {
        case .vips: return "libvips"
        case .separable, .nearest: return "swift"
        }
    }
}
