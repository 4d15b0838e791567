// Image grids (sample sheets) and labelled contact sheets, written as PNG by the caller.

public enum ImageGrid {
    /// Pastes `image` into `canvas` with its top-left corner at (x, y); parts outside are cut.
    public static func paste(_ image: Image, into canvas: inout Image, x: Int, y: Int) {
        for row in 0..<image.height where y + row >= 0 && y + row < canvas.height {
            for col in 0..<image.width where x + col >= 0 && x + col < canvas.width {
                let s = (row * image.width + col) * 3, d = ((y + row) * canvas.width + x + col) * 3
                canvas.pixels[d] = image.pixels[s]; canvas.pixels[d + 1] = image.pixels[s + 1]; canvas.pixels[d + 2] = image.pixels[s + 2]
            }
        }
    }

    /// Images of one size in rows of `columns`, `padding` px apart on a `background` grey.
    public static func grid(_ images: [Image], columns: Int, padding: Int = 2, background: UInt8 = 255) -> Image {
        precondition(!images.isEmpty && columns > 0, "ImageGrid.grid: needs images and at least one column")
        let w = images[0].width, h = images[0].height
        precondition(images.allSatisfy { $0.width == w && $0.height == h }, "ImageGrid.grid: images differ in size")
        let cols = Swift.min(columns, images.count), rows = (images.count + cols - 1) / cols
        var canvas = Image(width: cols * w + (cols + 1) * padding, height: rows * h + (rows + 1) * padding,
                           red: background, green: background, blue: background)
        for (i, image) in images.enumerated() {
            paste(image, into: &canvas, x: padding + (i % cols) * (w + padding), y: padding + (i / cols) * (h + padding))
        }
        return canvas
    }

    /// Tiles (any sizes) in rows of `columns`, each with its label above it, on white.
    public static func contactSheet(_ tiles: [(label: String, image: Image)], columns: Int, padding: Int = 8,
                                    labelHeight: Int = 12) throws -> Image {
        precondition(!tiles.isEmpty && columns > 0, "ImageGrid.contactSheet: needs tiles and at least one column")
        let labels = try tiles.map { try TextLabel.render($0.label, pixelHeight: labelHeight) }
        let cellW = Swift.max(tiles.map(\.image.width).max()!, labels.map(\.width).max()!)
        let labelRow = labels.map(\.height).max()! + 2
        let cellH = tiles.map(\.image.height).max()! + labelRow
        let cols = Swift.min(columns, tiles.count), rows = (tiles.count + cols - 1) / cols
        var canvas = Image(width: cols * cellW + (cols + 1) * padding, height: rows * cellH + (rows + 1) * padding,
                           red: 255, green: 255, blue: 255)
        for (i, tile) in tiles.enumerated() {
            let x = padding + (i % cols) * (cellW + padding), y = padding + (i / cols) * (cellH + padding)
            paste(labels[i], into: &canvas, x: x, y: y)
            paste(tile.image, into: &canvas, x: x, y: y + labelRow)
        }
        return canvas
    }
}
