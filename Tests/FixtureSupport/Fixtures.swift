// Where the conformance tests find their reference files, and how they compare numbers with them.
//
// The committed copies live in Tests/Fixtures/{ops,models,metrics,…}; the environment variable
// PROGANSR_FIXTURES names another folder with the same layout (for example ../shared/fixtures),
// so that new reference cases can be run without touching the repository.

import Foundation

public enum Fixtures {
    /// The fixtures root: $PROGANSR_FIXTURES if set, else Tests/Fixtures of this checkout.
    public static var root: URL {
        if let env = ProcessInfo.processInfo.environment["PROGANSR_FIXTURES"], !env.isEmpty {
            return URL(fileURLWithPath: env, isDirectory: true)
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures", isDirectory: true)
    }

    /// A sub-folder of the root (`ops`, `models`, `metrics`, …).
    public static func folder(_ name: String) -> URL { root.appendingPathComponent(name, isDirectory: true) }

    /// Every `.safetensors` file of a sub-folder, sorted by name. Empty when the folder is missing:
    /// callers must fail on that, never skip.
    public static func files(in name: String) -> [URL] {
        let dir = folder(name)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".safetensors") }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// The largest |ours − reference| and the bound it must stay under:
    /// tolerance · max(1, max |reference|) (the engine's rule: 1e-4 relative to the reference's scale).
    public static func compare(_ ours: [Float], _ reference: [Float], tolerance: Float = 1e-4) -> (maxDiff: Float, bound: Float, ok: Bool) {
        guard ours.count == reference.count else { return (.infinity, 0, false) }
        var maxDiff: Float = 0, maxRef: Float = 0
        for i in 0..<ours.count {
            let d = Swift.abs(ours[i] - reference[i])
            maxDiff = d.isNaN ? .infinity : Swift.max(maxDiff, d)
            maxRef = Swift.max(maxRef, Swift.abs(reference[i]))
        }
        let bound = tolerance * Swift.max(1, maxRef)
        return (maxDiff, bound, maxDiff <= bound)
    }
}
