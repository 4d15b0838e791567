// The manifest of a prepared data set (manifest.json beside the image files).

import Foundation

/// How an image is made square before resizing.
public enum CropMode: String, Codable, Sendable, CaseIterable {
    /// The largest centred square.
    case center
    /// No crop: the image is squeezed to a square.
    case none
}

/// A source file left out of the data set, and why.
public struct SkippedFile: Codable, Equatable, Sendable {
    public var path: String
    public var reason: String
}

public struct DatasetManifest: Codable, Equatable, Sendable {
    public static let currentFormat = "progansr-dataset-1"
    public static let fileName = "manifest.json"

    public var format = DatasetManifest.currentFormat
    /// Images in every level file.
    public var count: Int
    /// Largest first, halving down to 4.
    public var resolutions: [Int]
    /// Level file per resolution ("64" → "images-64x64.u8"): count · r · r · 3 bytes, (N, H, W, 3) uint8 RGB.
    public var files: [String: String]
    public var layout = "(N, H, W, 3) uint8 sRGB, row-major; one file per resolution"
    /// Kernel that made the top level from the sources; lower levels are 2x2 box averages.
    public var kernel: String
    public var crop: CropMode
    public var background: String
    public var source: String
    /// The images in order, relative to the source folder.
    public var images: [String]
    public var skipped: [SkippedFile]

    public static func fileName(resolution r: Int) -> String { "images-\(r)x\(r).u8" }
}
