import XCTest
import Imaging

final class LineChartTests: XCTestCase {
    func testSVGHasOneLinePerSeriesAndRendersToPNG() throws {
        var chart = LineChart(title: "loss <D>", xLabel: "images", yLabel: "loss",
                              series: [.init(name: "D", points: [(0, 1), (100, 0.5), (200, 0.25)]),
                                       .init(name: "G", points: [(0, -1), (100, 2), (200, .nan)])])
        chart.markers = [(100, "8 px")]
        let svg = chart.svg()
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 2)
        XCTAssertTrue(svg.contains("loss &lt;D>"), "titles are escaped")
        XCTAssertFalse(svg.contains("nan"), "points that are not finite are left out")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chart-\(UUID()).png")
        defer { try? FileManager.default.removeItem(at: url) }
        try chart.savePNG(to: url)
        let image = try Image(contentsOf: url.path)
        XCTAssertEqual(image.width, chart.width)
        XCTAssertEqual(image.height, chart.height)
        // The red G line is drawn: some pixels are clearly red.
        var red = 0
        for y in 0..<image.height { for x in 0..<image.width {
            let (r, g, b) = image.pixel(x: x, y: y)
            if r > 180 && g < 90 && b < 90 { red += 1 }
        } }
        XCTAssertGreaterThan(red, 20)
    }
}
