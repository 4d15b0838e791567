import Foundation
import XCTest
import ProGAN

final class ProgressiveScheduleTests: XCTestCase {
    func testSegmentsFollowTheOfficialOrder() {
        var c = ProGANConfig()
        c.targetResolution = 16
        c.fadeInImages = 100
        c.stabilizeImages = 200
        c.minibatch = ["16": 8]
        let s = ProgressiveSchedule(c)
        // 4: stabilize; 8: fade-in, stabilize; 16: fade-in, stabilize.
        XCTAssertEqual(s.segments.map { "\($0.resolution) \($0.phase.rawValue) \($0.start)..<\($0.end) b\($0.batch)" },
                       ["4 stabilize 0..<200 b16", "8 fade-in 200..<300 b16", "8 stabilize 300..<500 b16",
                        "16 fade-in 500..<600 b8", "16 stabilize 600..<800 b8"])
        XCTAssertEqual(s.totalImages, 800)
        XCTAssertEqual(s.alpha(at: 100), 1)      // 4x4 has no fade-in
        XCTAssertEqual(s.alpha(at: 250), 0.5)    // halfway through 8's fade-in
        XCTAssertEqual(s.alpha(at: 400), 1)
        XCTAssertNil(s.segment(at: 800))
        XCTAssertEqual(s.resolutionEnds(), [4: 200, 8: 500, 16: 800])

        c.phaseImages = ["4": 50, "16": 10]
        XCTAssertEqual(ProgressiveSchedule(c).segments.map { $0.end - $0.start }, [50, 100, 200, 10, 10])
    }

    /// total_kimg: the last resolution's stabilise phase runs on until `totalImages`; an earlier total changes nothing.
    func testTotalImagesExtendsTheLastResolution() {
        var c = ProGANConfig()
        c.targetResolution = 8
        c.fadeInImages = 100
        c.stabilizeImages = 200
        let phasesEnd = ProgressiveSchedule(c).totalImages
        c.totalImages = phasesEnd + 1234
        let s = ProgressiveSchedule(c)
        XCTAssertEqual(s.totalImages, phasesEnd + 1234)
        XCTAssertEqual(s.segments.last.map { "\($0.resolution) \($0.phase.rawValue) \($0.start)" }, "8 stabilize 300")
        XCTAssertEqual(s.segments.dropLast(), ProgressiveSchedule({ var d = c; d.totalImages = 0; return d }()).segments.dropLast())
        c.totalImages = phasesEnd - 1
        XCTAssertEqual(ProgressiveSchedule(c).totalImages, phasesEnd)
        c.totalImages = -1
        XCTAssertThrowsError(try c.validate()) { XCTAssertTrue("\($0)".contains("totalImages"), "\($0)") }
    }

    /// The paper preset of this checkout trains its last resolution until the paper's 12M images.
    func testPaperPresetRunsToTheTotalImageCount() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Stages/stage1-paper.json")
        let c = try ProGANConfig.load(url)
        XCTAssertGreaterThan(c.totalImages, 0)
        let s = ProgressiveSchedule(c)
        XCTAssertEqual(s.totalImages, c.totalImages)
        XCTAssertEqual(s.segments.last?.resolution, c.targetResolution)
    }

    /// A config written before a field existed (a checkpoint's metadata, an old run's config.json) decodes with that
    /// field at its default, which is what the run did; a field this version does not know is named.
    func testOldConfigsDecodeAndUnknownFieldsAreNamed() throws {
        var c = ProGANConfig()
        c.targetResolution = 16
        var fields = try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as! [String: Any]
        fields.removeValue(forKey: "totalImages")
        let old = try ProGANConfig.decode(JSONSerialization.data(withJSONObject: fields), source: "old.json")
        XCTAssertEqual(old, c)
        fields["fromTheFuture"] = 1
        XCTAssertThrowsError(try ProGANConfig.decode(JSONSerialization.data(withJSONObject: fields), source: "new.json")) {
            XCTAssertTrue("\($0)".contains("fromTheFuture") && "\($0)".contains("new.json"), "\($0)")
        }
    }

    func testChannelsFollowFmapBaseDecayAndMax() {
        var c = ProGANConfig()   // base 1024, max 128: the PyTorch peer's benchmark network
        XCTAssertEqual((1...5).map { c.channels(stage: $0) }, [128, 128, 128, 64, 32])
        c.fmapBase = 8192; c.fmapMax = 512   // the paper's
        XCTAssertEqual((1...8).map { c.channels(stage: $0) }, [512, 512, 512, 512, 256, 128, 64, 32])
    }

    func testPresetFilesLoadAndUnknownKeysAreNamed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("progan-config-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.json")
        try #"{"targetResolution": 16, "latentSize": 64, "_comment": "ignored"}"#.write(to: good, atomically: true, encoding: .utf8)
        let c = try ProGANConfig.load(good)
        XCTAssertEqual(c.targetResolution, 16)
        XCTAssertEqual(c.latentSize, 64)
        XCTAssertEqual(c.fmapMax, ProGANConfig().fmapMax)
        let bad = dir.appendingPathComponent("bad.json")
        try #"{"targetResolutoin": 16}"#.write(to: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ProGANConfig.load(bad)) { XCTAssertTrue("\($0)".contains("targetResolutoin"), "\($0)") }
        var odd = ProGANConfig()
        odd.targetResolution = 48
        XCTAssertThrowsError(try odd.validate()) { XCTAssertTrue("\($0)".contains("targetResolution"), "\($0)") }
    }
}
