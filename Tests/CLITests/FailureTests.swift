// Runs that go wrong, through the binary: a diverging run stops naming the step, the resolution and the value
// before any update uses it, and no checkpoint it leaves holds a NaN or an infinity; a write that fails (a
// file-size limit, as a full disk) stops the command with exit 1, naming the file, never with a signal.

import XCTest

final class FailureTests: XCTestCase {
    static let scratch = ScratchFolder("failures")
    static var data: URL { scratch.url.appendingPathComponent("data16") }

    override class func setUp() {
        let source = scratch.url.appendingPathComponent("source")
        try! RunFixtures.copyEmoji(count: 32, to: source)
        let r = try! ProGANSRBinary().run(["prepare", source.path, "--out", data.path, "--resolution", "16"])
        precondition(r.status == 0, "prepare failed: \(r)")
    }

    /// The tiny preset with some settings replaced.
    func preset(_ name: String, _ changes: [String: Any]) throws -> URL {
        var settings = try JSONSerialization.jsonObject(with: Data(RunFixtures.tinyStageOne.utf8)) as! [String: Any]
        for (k, v) in changes { settings[k] = v }
        let url = Self.scratch.url.appendingPathComponent(name)
        try JSONSerialization.data(withJSONObject: settings).write(to: url)
        return url
    }

    func testADivergingRunStopsNamingTheValueAndWritesNoNonFiniteCheckpoint() throws {
        let run = Self.scratch.url.appendingPathComponent("diverging")
        let r = try ProGANSRBinary().run(["train-progan", "--preset", try preset("lr1000.json", ["learningRate": 1000]).path,
                                          "--data", Self.data.path, "--out", run.path])
        XCTAssertEqual(r.status, 1, "\(r)")
        XCTAssertFalse(r.signalled, "\(r)")
        XCTAssertTrue(r.stderr.contains("NaN or infinite") && r.stderr.contains("px") && r.stderr.contains("step"), "\(r)")
        XCTAssertTrue(r.stderr.contains("loss") || r.stderr.contains("gradient of"), "the value must be named: \(r)")
        for name in RunFixtures.checkpoints(in: run) {
            XCTAssertEqual(try RunFixtures.nonFiniteTensors(run.appendingPathComponent(name)), [], name)
        }
    }

    func testAFailedWriteStopsTheRunNamingTheFile() throws {
        let run = Self.scratch.url.appendingPathComponent("limited")
        // prlimit (util-linux) sets RLIMIT_FSIZE for the child: a write past 200 kB fails with EFBIG, as on a full disk.
        let bin = try ProGANSRBinary()
        let limited = ProGANSRBinary(url: URL(fileURLWithPath: "/usr/bin/prlimit"))
        let r = try limited.run(["--fsize=200000", bin.url.path, "train-progan", "--preset", try preset("plain.json", [:]).path,
                                 "--data", Self.data.path, "--out", run.path])
        XCTAssertEqual(r.status, 1, "\(r)")
        XCTAssertFalse(r.signalled, "\(r)")
        XCTAssertTrue(r.stderr.contains(run.path) && r.stderr.contains("File too large"), "\(r)")
        for name in RunFixtures.checkpoints(in: run) {   // what was written before the limit is whole
            XCTAssertNoThrow(try RunFixtures.nonFiniteTensors(run.appendingPathComponent(name)), name)
        }
    }
}
