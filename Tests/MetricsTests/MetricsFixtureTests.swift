import XCTest
import Foundation
import Metrics
import SafeTensors
import FixtureSupport

/// The official ProGAN metrics (tkarras/progressive_growing_of_gans, metrics/) against the reference
/// files of Fixtures.folder("metrics") (PROGANSR_FIXTURES overrides it). A missing file fails.
final class MetricsFixtureTests: XCTestCase {
    func file(_ name: String) throws -> SafeTensorsFile {
        let url = Fixtures.folder("metrics").appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            XCTFail("missing fixture \(url.path)"); throw CocoaError(.fileNoSuchFile)
        }
        return try SafeTensorsFile(contentsOf: url)
    }

    // MARK: MS-SSIM

    func testMSSSIMMatchesOfficial() throws {
        let f = try file("msssim.safetensors")
        for size in [32, 64, 128] {
            let shape = try f.shape("images\(size)")
            let images = ImageBatch(count: shape[0], channels: shape[1], height: shape[2], width: shape[3],
                                    pixels: try f.uint8("images\(size)"))
            let even = images.gathering(Array(stride(from: 0, to: images.count, by: 2)))
            let odd = images.gathering(Array(stride(from: 1, to: images.count, by: 2)))
            let (mean, scores) = try MSSSIM.pairwise(even, odd)
            let ref = try f.floats("msssim_pairs\(size)")
            let c = Fixtures.compare(scores.map(Float.init), ref)
            print("MS-SSIM \(size)px: max |diff| \(c.maxDiff) (bound \(c.bound)); ours \(scores.map { ($0 * 1e4).rounded() / 1e4 })")
            XCTAssertTrue(c.ok, "MS-SSIM \(size)px: max |diff| \(c.maxDiff) > \(c.bound)")
            XCTAssertEqual(Float(mean), try f.floats("msssim_mean\(size)")[0], accuracy: 1e-4)
        }
    }

    // MARK: SWD parts

    func testSWDPyramidDescriptorsAndDistanceMatchOfficial() throws {
        let f = try file("swd_parts.safetensors")
        let (images, quirky) = FixtureDecoding.images(try f.uint8("images"), shape: try f.shape("images"))
        if quirky { print("swd_parts: images stored as NHWC bytes under an NCHW shape (generator wrote a view's memory); read accordingly") }
        let levels = LaplacianPyramid.build(images, levels: 3)
        for (l, name) in ["level64", "level32", "level16"].enumerated() {
            let (ours, ref) = FixtureDecoding.levelPairs(ours: levels[l], stored: try f.floats(name), shape: try f.shape(name),
                                                         quirky: quirky, topLevel: l == 0)
            let c = Fixtures.compare(ours, ref, tolerance: 1e-5)
            print("SWD \(name): \(ref.count) values, max |diff| \(c.maxDiff) (bound \(c.bound))")
            XCTAssertTrue(c.ok, "\(name): max |diff| \(c.maxDiff) > \(c.bound)")
        }

        // descA: the official descriptors of level64 at centres we recover from it; our extraction and
        // normalisation at those centres must give the same 512 x 147 numbers.
        let descA = try f.floats("descA")
        let positions = try Self.recoverCentres(descA, level: levels[0], images: images.count, size: 64)
        var ours = PatchDescriptors.extract(level: levels[0], images: images.count, height: 64, width: 64, positions: positions)
        PatchDescriptors.normalise(&ours)
        let c = Fixtures.compare(ours, descA, tolerance: 1e-5)
        print("SWD descA: max |diff| \(c.maxDiff) (bound \(c.bound))")
        XCTAssertTrue(c.ok, "descA: max |diff| \(c.maxDiff) > \(c.bound)")

        let distance = SlicedWasserstein.distance(descA, try f.floats("descB"), directions: try f.floats("dirs"))
        let ref = try f.floats("distance")[0]
        print("SWD distance: ours \(distance), official \(ref)")
        XCTAssertEqual(distance, Double(ref), accuracy: 1e-5 * max(1, Double(ref)))
    }

    /// For each descriptor row, the patch centre in `level` ((images, 3, size, size)) it came from: the
    /// per-channel normalisation (mean, std) is fitted on the most varied row, then every row is matched.
    static func recoverCentres(_ desc: [Float], level: [Float], images: Int, size: Int) throws -> [PatchPosition] {
        let rows = desc.count / 147, perImage = rows / images
        func patch(_ n: Int, _ x: Int, _ y: Int, _ c: Int) -> [Double] {
            (0..<49).map { k in Double(level[((n * 3 + c) * size + y - 3 + k % 7) * size + x - 3 + k / 7]) }
        }
        func variance(_ v: [Double]) -> Double { let m = v.reduce(0, +) / 49; return v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 49 }
        let probe = (0..<rows).max { a, b in
            (0..<3).map { c in variance((0..<49).map { Double(desc[a * 147 + c * 49 + $0]) }) }.min()! <
            (0..<3).map { c in variance((0..<49).map { Double(desc[b * 147 + c * 49 + $0]) }) }.min()!
        }!
        // Least squares p = s·d + m per channel at every centre of the probe's image; keep the best fit.
        var best = (err: Double.infinity, fit: [(Double, Double)]())
        for y in 3..<(size - 3) { for x in 3..<(size - 3) {
            var err = 0.0, fit: [(Double, Double)] = []
            for c in 0..<3 {
                let d = (0..<49).map { Double(desc[probe * 147 + c * 49 + $0]) }, p = patch(probe / perImage, x, y, c)
                if variance(p) < 1 { err = .infinity; break }   // a flat patch fits anything with s = 0
                let md = d.reduce(0, +) / 49, mp = p.reduce(0, +) / 49
                let s = zip(d, p).reduce(0) { $0 + ($1.0 - md) * ($1.1 - mp) } / d.reduce(0) { $0 + ($1 - md) * ($1 - md) }
                fit.append((s, mp - s * md))
                err = max(err, zip(d, p).map { abs(s * $0 + (mp - s * md) - $1) }.max()!)
            }
            if err < best.err { best = (err, fit) }
        } }
        print("descriptor normalisation fitted on row \(probe): residual \(best.err), (std, mean) per channel \(best.fit)")
        var out: [PatchPosition] = []
        for r in 0..<rows {
            let n = r / perImage
            // The closest patch under the fitted map (the fit is only approximate, so take the minimum;
            // the exact comparison of the normalised descriptors comes afterwards).
            var found: PatchPosition?, nearest = Double.infinity
            for y in 3..<(size - 3) { for x in 3..<(size - 3) {
                var worst = 0.0
                for c in 0..<3 where worst < nearest {
                    let p = patch(n, x, y, c)
                    for k in 0..<49 { worst = max(worst, abs(best.fit[c].0 * Double(desc[r * 147 + c * 49 + k]) + best.fit[c].1 - p[k])) }
                }
                if worst < nearest { nearest = worst; found = PatchPosition(image: n, x: x, y: y) }
            } }
            guard let pos = found, nearest < 1 else {
                XCTFail("descriptor row \(r) is no 7x7 patch of level 64 of image \(n) (nearest off by \(nearest)): layout or pyramid differs from the official")
                throw CocoaError(.coderValueNotFound)
            }
            out.append(pos)
        }
        return out
    }

    // MARK: SWD on images, statistically

    func testSWDOfImageSetsIsWithinThreeStdOfOfficial() throws {
        let f = try file("swd_images.safetensors")
        let url = Fixtures.folder("metrics").appendingPathComponent("swd_reference.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        func set(_ name: String) throws -> ImageBatch {
            let (b, quirky) = FixtureDecoding.images(try f.uint8(name), shape: try f.shape(name))
            if quirky { print("swd_images \(name): NHWC bytes under an NCHW shape; read accordingly") }
            return b
        }
        let a = try set("A")
        for (name, key) in [("B", "A_vs_B"), ("B_degraded", "A_vs_Bdegraded")] {
            let b = try set(name)
            let mean = json["\(key)_mean"] as! [Double], std = json["\(key)_std"] as! [Double]
            var sums = [Double](repeating: 0, count: 4)
            let seeds: [UInt64] = [1, 2, 3]
            for seed in seeds {
                let r = try SWD.distance(a, b, seed: seed)
                let ours = r.perLevel + [r.average]
                print("SWD A vs \(name), seed \(seed): \(ours.map { ($0 * 100).rounded() / 100 }); official mean \(mean), std \(std)")
                for i in 0..<4 {
                    sums[i] += ours[i]
                    XCTAssertLessThan(abs(ours[i] - mean[i]), 4 * std[i], "A vs \(name) level \(i), seed \(seed)")
                }
            }
            // The mean over seeds: its own spread is std/√3, so 3 std of the official runs is generous.
            for i in 0..<4 {
                XCTAssertLessThan(abs(sums[i] / Double(seeds.count) - mean[i]), 3 * std[i], "A vs \(name) level \(i), mean over seeds")
            }
        }
    }

    // MARK: PSNR / SSIM against scikit-image

    func testPSNRAndSSIMMatchScikitImage() throws {
        let f = try file("msssim.safetensors")
        let url = Fixtures.folder("metrics").appendingPathComponent("sr_reference.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let border = json["border"] as! Int
        let pairs = json["pairs"] as! [[String: Double]]
        let shape = try f.shape("images128")
        let images = ImageBatch(count: shape[0], channels: 3, height: shape[2], width: shape[3], pixels: try f.uint8("images128"))
        let out = images.gathering(Array(stride(from: 0, to: 16, by: 2))), truth = images.gathering(Array(stride(from: 1, to: 16, by: 2)))
        var worst = 0.0
        for (i, ref) in pairs.enumerated() {
            let ours = [
                try SRQuality.psnr(out, truth, image: i, border: border, on: .y),
                try SRQuality.ssim(out, truth, image: i, border: border, on: .y),
                try SRQuality.psnr(out, truth, image: i, border: border, on: .rgb),
                try SRQuality.ssim(out, truth, image: i, border: border, on: .rgb),
            ]
            let theirs = [ref["psnr_y"]!, ref["ssim_y"]!, ref["psnr_rgb"]!, ref["ssim_rgb"]!]
            for (a, b) in zip(ours, theirs) {
                worst = max(worst, abs(a - b))
                XCTAssertEqual(a, b, accuracy: 1e-6 * max(1, abs(b)), "pair \(i)")
            }
        }
        print("PSNR/SSIM vs scikit-image: max |diff| \(worst)")
    }
}
