// The embedded default data set: samples/noto-emoji-people of this checkout (1,414 RGB emoji of
// 128 px; licence note in samples/noto-emoji-people.md). Commands use it when no folder is named.

import Foundation

public enum EmbeddedSamples {
    /// $PROGANSR_SAMPLES if set; else samples/noto-emoji-people in the current folder if present;
    /// else the copy in the source checkout this binary was built from.
    public static var folder: URL {
        if let env = ProcessInfo.processInfo.environment["PROGANSR_SAMPLES"], !env.isEmpty {
            return URL(fileURLWithPath: env, isDirectory: true)
        }
        let local = URL(fileURLWithPath: "samples/noto-emoji-people", isDirectory: true)
        if FileManager.default.fileExists(atPath: local.path) { return local }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/noto-emoji-people", isDirectory: true)
    }
}
