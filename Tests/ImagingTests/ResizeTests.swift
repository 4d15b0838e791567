// Resampling against Pillow's Image.resize (Tests/Fixtures/imaging/make_pillow_fixture.py).
//
// Our separable resampler runs Pillow's arithmetic (same taps, same 22-bit fixed-point weights,
// horizontal pass rounded to uint8 before the vertical), so it must agree to 1 level: the only
// room for a difference is sin/cos in the hamming and lanczos weights between libm versions,
// which moves a weight by ~1e-16, far below the 2^-22 weight step.
// libvips' kernels with the same filter shapes as Pillow's (cubic, linear, lanczos3) are different code: same filter shapes, different rounding and tap placement near the borders.
// When shrinking we bound the mean absolute difference (≤ 2 levels) and print the largest: measured
// (Pillow 13.0, libvips 8.14) worst means 1.6 (53x41 → 7x5, a 7.6x shrink), 0.1–0.7 elsewhere;
// worst single pixels 3–11 levels, at the hard edge of the red disc. Enlarging with these names
// runs our resampler (libvips 8.14 enlarges off centre, see ResizeKernel.separableFilter): exact.

import Foundation
import FixtureSupport
import Imaging
import XCTest

struct PillowFixture {
    struct Case { let source: String; let filter: String; let width: Int; let height: Int; let pixels: [UInt8] }
    var sources: [String: Image] = [:]
    var cases: [Case] = []

    static func load() throws -> PillowFixture {
        let dir = Fixtures.folder("imaging")
        let blob = [UInt8](try Data(contentsOf: dir.appendingPathComponent("pillow_resize.bin")))
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("pillow_resize.json"))) as! [String: Any]
        var f = PillowFixture()
        for s in index["sources"] as! [[String: Any]] {
            let w = s["width"] as! Int, h = s["height"] as! Int, o = s["offset"] as! Int
            f.sources[s["name"] as! String] = Image(width: w, height: h, pixels: Array(blob[o..<(o + w * h * 3)]))
        }
        for c in index["cases"] as! [[String: Any]] {
            let w = c["width"] as! Int, h = c["height"] as! Int, o = c["offset"] as! Int
            f.cases.append(Case(source: c["source"] as! String, filter: c["filter"] as! String, width: w, height: h,
                                pixels: Array(blob[o..<(o + w * h * 3)])))
        }
        return f
    }
}

func differences(_ a: [UInt8], _ b: [UInt8]) -> (max: Int, mean: Double) {
    precondition(a.count == b.count)
    var m = 0, total = 0
    for (x, y) in zip(a, b) { let d = abs(Int(x) - Int(y)); m = max(m, d); total += d }
    return (m, Double(total) / Double(a.count))
}

final class ResizeTests: XCTestCase {
    let pillowFilters: [String: ResampleFilter] = ["box": .box, "bilinear": .bilinear, "hamming": .hamming,
                                                   "bicubic": .bicubic, "lanczos": .lanczos]

    func testSeparableResamplerMatchesPillow() throws {
        let fixture = try PillowFixture.load()
        var checked = 0
        for c in fixture.cases {
            guard let filter = pillowFilters[c.filter] else { continue }
            let ours = SeparableResampler.resize(fixture.sources[c.source]!, width: c.width, height: c.height, filter: filter)
            let d = differences(ours.pixels, c.pixels)
            XCTAssertLessThanOrEqual(d.max, 1, "\(c.filter) \(c.source) → \(c.width)x\(c.height): max diff \(d.max)")
            checked += 1
        }
        XCTAssertEqual(checked, 60, "5 filters × 12 sizes")
    }

    func testPublishedNamesArePillowsFilters() throws {
        let fixture = try PillowFixture.load()
        for c in fixture.cases where c.filter != "nearest" {
            let ours = try fixture.sources[c.source]!.resized(width: c.width, height: c.height, kernel: ResizeKernel(name: c.filter))
            XCTAssertLessThanOrEqual(differences(ours.pixels, c.pixels).max, 1)
        }
    }

    func testLibvipsKernelsAgreeWithPillowNamesakes() throws {
        let fixture = try PillowFixture.load()
        var worst: [String: (max: Int, mean: Double)] = [:]
        let libvipsName = ["bicubic": ResizeKernel.cubic, "bilinear": .linear, "lanczos": .lanczos3]
        for c in fixture.cases where libvipsName[c.filter] != nil {
            let ours = try fixture.sources[c.source]!.resized(width: c.width, height: c.height, kernel: libvipsName[c.filter]!)
            let d = differences(ours.pixels, c.pixels)
            let w = worst[c.filter] ?? (0, 0)
            worst[c.filter] = (max(w.max, d.max), max(w.mean, d.mean))
            let source = fixture.sources[c.source]!
            if c.width > source.width || c.height > source.height {
                // Enlarging runs our separable resampler with Pillow's filter: exact.
                XCTAssertLessThanOrEqual(d.max, 1, "\(c.filter) enlarging \(c.source) → \(c.width)x\(c.height)")
                continue
            }
            XCTAssertLessThanOrEqual(d.mean, 2.0, "libvips \(c.filter) vs Pillow, \(c.source) → \(c.width)x\(c.height)")
        }
        for (k, w) in worst.sorted(by: { $0.key < $1.key }) {
            print("libvips \(k) vs Pillow: worst case max |diff| \(w.max), worst mean |diff| \(String(format: "%.3f", w.mean))")
        }
    }

    func testNearestIsPillowsPointSampling() throws {
        let fixture = try PillowFixture.load()
        var checked = 0
        for c in fixture.cases where c.filter == "nearest" {
            let ours = try fixture.sources[c.source]!.resized(width: c.width, height: c.height, kernel: .nearest)
            XCTAssertEqual(differences(ours.pixels, c.pixels).max, 0, "nearest \(c.source) → \(c.width)x\(c.height)")
            checked += 1
        }
        XCTAssertEqual(checked, 12)
    }

    func testEveryKernelKeepsAFlatImageFlatAndHitsTheSize() throws {
        let flat = Image(width: 37, height: 23, red: 200, green: 100, blue: 7)
        for kernel in ResizeKernel.allCases {
            for (w, h) in [(16, 10), (74, 46), (37, 5)] {
                let out = try flat.resized(width: w, height: h, kernel: kernel)
                XCTAssertEqual(out.width, w); XCTAssertEqual(out.height, h)
                let d = differences(out.pixels, Image(width: w, height: h, red: 200, green: 100, blue: 7).pixels)
                XCTAssertLessThanOrEqual(d.max, 1, "\(kernel) on a flat image")
            }
        }
    }

    func testBoxIsTheAreaAverageAtIntegerFactors() throws {
        var pixels = [UInt8](repeating: 0, count: 4 * 2 * 3)
        for i in pixels.indices { pixels[i] = UInt8(i * 10) }
        let out = try Image(width: 4, height: 2, pixels: pixels).resized(width: 2, height: 1, kernel: .box)
        // pixel 0 averages source pixels (0,0), (1,0), (0,1), (1,1): channel 0 values 0, 30, 120, 150.
        XCTAssertEqual(out.pixels[0], 75)
        XCTAssertEqual(out.pixels[3], UInt8((60 + 90 + 180 + 210) / 4))
    }

    func testMagicKernelSharpSumsToOneAtEveryPhase() {
        for filter in [ResampleFilter.mks2013, .mks2021] {
            for phase in stride(from: 0.0, to: 1.0, by: 0.125) {
                var total = 0.0
                for k in -6...6 { total += filter.weight(Double(k) + phase) }
                XCTAssertEqual(total, 1, accuracy: 1e-12, "\(filter.name) at phase \(phase)")
            }
        }
    }

    func testUnknownKernelNameIsAnError() {
        XCTAssertThrowsError(try ResizeKernel(name: "gaussian")) { XCTAssertTrue("\($0)".contains("mks2021")) }
        XCTAssertEqual(try ResizeKernel(name: "Lanczos3"), .lanczos3)
    }
}
