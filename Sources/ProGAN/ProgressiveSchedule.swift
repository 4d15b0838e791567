// ProgressiveSchedule: where a run is, from the number of images shown (Karras et al. 2018, §3 and
// the official train.py's TrainingSchedule): 4x4 trains for `stabilizeImages`; each later resolution
// first fades in for `fadeInImages` (α rising 0 → 1: the new block is blended with the upsampled
// output of the previous one) and then trains at full strength for `stabilizeImages`; the last one until
// `totalImages` when that is later (total_kimg).

public struct ProgressiveSchedule: Sendable {
    public enum Phase: String, Sendable { case fadeIn = "fade-in", stabilize = "stabilize" }

    /// One stretch of training at one resolution.
    public struct Segment: Equatable, Sendable {
        public let resolution: Int
        public let phase: Phase
        /// First image (inclusive) and end (exclusive) of the segment, in images shown since the start.
        public let start: Int
        public let end: Int
        public let batch: Int
    }

    public let segments: [Segment]

    public init(_ c: ProGANConfig) {
        var s: [Segment] = []
        var at = 0
        for r in c.resolutions {
            let b = c.minibatchSize(resolution: r)
            let fade = c.fadeInImages(resolution: r), stable = c.stabilizeImages(resolution: r)
            if r > 4 && fade > 0 {
                s.append(Segment(resolution: r, phase: .fadeIn, start: at, end: at + fade, batch: b))
                at += fade
            }
            s.append(Segment(resolution: r, phase: .stabilize, start: at, end: at + stable, batch: b))
            at += stable
        }
        // total_kimg (train.py): the last resolution trains on until the run has shown that many images.
        if let last = s.last, c.totalImages > last.end {
            s[s.count - 1] = Segment(resolution: last.resolution, phase: .stabilize, start: last.start, end: c.totalImages, batch: last.batch)
        }
        segments = s
    }

    /// Images shown by the whole run.
    public var totalImages: Int { segments.last?.end ?? 0 }

    /// The segment that image number `shown` falls in (nil when the run is over).
    public func segment(at shown: Int) -> Segment? { segments.first { shown >= $0.start && shown < $0.end } }

    /// The fade-in weight α of the new resolution's block at image `shown` (1 outside fade-ins).
    public func alpha(at shown: Int) -> Float {
        guard let s = segment(at: shown), s.phase == .fadeIn else { return 1 }
        return Float(shown - s.start) / Float(s.end - s.start)
    }

    /// Images shown at the end of each resolution's last segment.
    public func resolutionEnds() -> [Int: Int] {
        var ends: [Int: Int] = [:]
        for s in segments { ends[s.resolution] = s.end }
        return ends
    }
}
