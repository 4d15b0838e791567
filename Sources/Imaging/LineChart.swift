// LineChart: a small line (or step) chart written as SVG — training curves and timing figures that a
// person can open in any browser, and that `pngData`-free code can turn into PNG through libvips'
// SVG loader (`LineChart.savePNG`).

import Foundation

public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var width = 720
    public var height = 420
    /// Vertical lines with labels (e.g. where a resolution starts).
    public var markers: [(x: Double, label: String)] = []

    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    static let colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]

    /// The chart as an SVG document.
    public func svg() -> String {
        let left = 70.0, right = 20.0, top = 40.0, bottom = 50.0
        let pw = Double(width) - left - right, ph = Double(height) - top - bottom
        let all = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        var (x0, x1) = (all.map(\.x).min() ?? 0, all.map(\.x).max() ?? 1)
        var (y0, y1) = (all.map(\.y).min() ?? 0, all.map(\.y).max() ?? 1)
        if x1 <= x0 { x1 = x0 + 1 }
        if y1 <= y0 { y1 = y0 + 1 }
        let pad = (y1 - y0) * 0.05
        y0 -= pad; y1 += pad
        if all.allSatisfy({ $0.y >= 0 }) { y0 = max(y0, 0) }
        x0 = min(x0, 0)
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * pw }
        func py(_ y: Double) -> Double { top + ph - (y - y0) / (y1 - y0) * ph }
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" font-family="DejaVu Sans, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(Double(width) / 2)" y="22" text-anchor="middle" font-size="15">\(esc(title))</text>

        """
        // Axes, ticks and grid.
        for i in 0...5 {
            let fx = x0 + (x1 - x0) * Double(i) / 5, fy = y0 + (y1 - y0) * Double(i) / 5
            out += "<line x1=\"\(px(fx))\" y1=\"\(top)\" x2=\"\(px(fx))\" y2=\"\(top + ph)\" stroke=\"#eee\"/>\n"
            out += "<line x1=\"\(left)\" y1=\"\(py(fy))\" x2=\"\(left + pw)\" y2=\"\(py(fy))\" stroke=\"#eee\"/>\n"
            out += "<text x=\"\(px(fx))\" y=\"\(top + ph + 16)\" text-anchor=\"middle\">\(Self.tick(fx))</text>\n"
            out += "<text x=\"\(left - 6)\" y=\"\(py(fy) + 4)\" text-anchor=\"end\">\(Self.tick(fy))</text>\n"
        }
        out += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(pw)\" height=\"\(ph)\" fill=\"none\" stroke=\"#444\"/>\n"
        out += "<text x=\"\(left + pw / 2)\" y=\"\(Double(height) - 10)\" text-anchor=\"middle\">\(esc(xLabel))</text>\n"
        out += "<text transform=\"translate(16,\(top + ph / 2)) rotate(-90)\" text-anchor=\"middle\">\(esc(yLabel))</text>\n"
        for m in markers where m.x >= x0 && m.x <= x1 {
            out += "<line x1=\"\(px(m.x))\" y1=\"\(top)\" x2=\"\(px(m.x))\" y2=\"\(top + ph)\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n"
            out += "<text x=\"\(px(m.x) + 3)\" y=\"\(top + 12)\" fill=\"#666\">\(esc(m.label))</text>\n"
        }
        // Lines and legend.
        for (k, s) in series.enumerated() {
            let colour = Self.colours[k % Self.colours.count]
            let pts = s.points.filter { $0.x.isFinite && $0.y.isFinite }.map { String(format: "%.1f,%.1f", px($0.x), py($0.y)) }
            if !pts.isEmpty {
                out += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(pts.joined(separator: " "))\"/>\n"
            }
            // Legend in the top-right corner (marker labels sit at the top left of their lines).
            let ly = top + 30 + Double(k) * 16, lx = left + pw - 190
            out += "<line x1=\"\(lx)\" y1=\"\(ly - 4)\" x2=\"\(lx + 20)\" y2=\"\(ly - 4)\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
            out += "<text x=\"\(lx + 25)\" y=\"\(ly)\">\(esc(s.name))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// Writes the SVG to `url` (atomically).
    public func saveSVG(to url: URL) throws {
        do { try Data(svg().utf8).write(to: url, options: .atomic) } catch {
            throw ImagingError.cannotWrite(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Writes the chart as PNG (the SVG rendered by libvips' SVG loader).
    public func savePNG(to url: URL) throws {
        let image = try Image(encoded: Data(svg().utf8), name: url.lastPathComponent + " (SVG)")
        try image.save(to: url.path)
    }

    static func tick(_ v: Double) -> String {
        let a = Swift.abs(v)
        if a >= 1e6 { return String(format: "%.1fM", v / 1e6) }
        if a >= 1e4 { return String(format: "%.0fk", v / 1e3) }
        if a >= 100 || v == v.rounded() { return String(format: "%.0f", v) }
        return String(format: a >= 1 ? "%.1f" : "%.2f", v)
    }
}
