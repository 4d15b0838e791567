// The downsampling comparison's report (JSON), its measures, and the sheets it draws.

import Bench
import Foundation
import Imaging
import Metrics
import XCTest

final class DownsamplingComparisonTests: XCTestCase {
    func testReportAndMeasures() throws {
        let images = (0..<3).map { s in DownsamplingComparison.zonePlate(side: 48 + s) }
        let report = try DownsamplingComparison.run(images: images, source: "synthetic", to: 16, kernels: [.nearest, .box, .lanczos3], repeats: 1)
        XCTAssertEqual(report.results.map(\.kernel), ["nearest", "box", "lanczos3"])
        XCTAssertEqual(report.from, 0, "sizes differ")
        let json = try JSONEncoder().encode(report)
        let back = try JSONDecoder().decode(DownsamplingReport.self, from: json)
        XCTAssertEqual(back.results.count, 3)
        let object = try JSONSerialization.jsonObject(with: json) as! [String: Any]
        XCTAssertEqual(Set((object["results"] as! [[String: Any]])[0].keys),
                       ["kernel", "implementation", "msPerImageOneThread", "msPerImageAllThreads", "psnrY", "ssimY", "aliasing"])
        for r in report.results {
            XCTAssertTrue(r.psnrY.isFinite && r.psnrY > 5, "\(r.kernel) PSNR \(r.psnrY)")
            XCTAssertTrue(r.ssimY > -1 && r.ssimY <= 1)
            XCTAssertGreaterThan(r.msPerImageOneThread, 0)
        }
        // Point sampling keeps the out-of-band plate at full strength; lanczos3 and box filter it out.
        let a = Dictionary(uniqueKeysWithValues: report.results.map { ($0.kernel, $0.aliasing!) })
        XCTAssertGreaterThan(a["nearest"]!, 0.7)
        XCTAssertLessThan(a["lanczos3"]!, 0.3)
        XCTAssertLessThan(a["box"]!, a["nearest"]!)
        // Too small a reduction leaves no band to measure.
        XCTAssertNil(try DownsamplingComparison.aliasing(kernel: .box, side: 40, to: 36))
    }

    func testRoundTripOfAFlatImageIsPerfect() throws {
        let flat = Image(width: 32, height: 32, red: 90, green: 140, blue: 30)
        let (psnr, ssim) = try DownsamplingComparison.roundTrip(flat, to: 16, kernel: .bicubic)
        XCTAssertEqual(psnr, SRQuality.maximumPSNR, "an exact round trip scores the cap, not ∞")
        XCTAssertEqual(ssim, 1, accuracy: 1e-9)
    }

    func testAReportWithAFlatImageEncodesAsJSON() throws {
        // A flat image's exact round trip was ∞ dB, which JSONEncoder refuses ("Invalid number value (inf)").
        let flat = Image(width: 40, height: 40, red: 90, green: 140, blue: 30)
        let report = try DownsamplingComparison.run(images: [flat], source: "flat", to: 16, kernels: [.bicubic], repeats: 1)
        XCTAssertEqual(report.results[0].psnrY, SRQuality.maximumPSNR)
        XCTAssertNoThrow(try JSONEncoder().encode(report))
    }

    func testComparisonSheet() throws {
        let comparison = try DownsamplingComparison.sheet(DownsamplingComparison.zonePlate(side: 64), to: 32, kernels: [.box, .cubic])
        XCTAssertGreaterThan(comparison.width, 3 * 192)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("progansr-sheet-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try comparison.save(to: file)
        XCTAssertEqual(try Image(contentsOf: file), comparison)
    }
}
