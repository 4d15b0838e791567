// Resume through the binary, as a user meets it: kill -9 at several moments and resume, on another worker count,
// gives the uninterrupted run's checkpoints bit for bit; Ctrl-C (a real SIGINT) stops with a checkpoint; a resume
// uses the run's own data set and settings, refuses flags that would change the run (listing each) and other
// data (naming both), and a folder that holds no run is not taken for one.

import XCTest

final class ResumeTests: XCTestCase {
    static let scratch = ScratchFolder("resume")
    static var data: URL { scratch.url.appendingPathComponent("data16") }
    static var preset: URL { scratch.url.appendingPathComponent("tiny-stage1.json") }
    static var images: URL { scratch.url.appendingPathComponent("images") }
    static var presetTwo: URL { scratch.url.appendingPathComponent("tiny-stage2.json") }

    override class func setUp() {
        let source = scratch.url.appendingPathComponent("source")
        try! RunFixtures.copyEmoji(count: 48, to: source)
        try! RunFixtures.copyEmoji(count: 24, offset: 100, to: images)
        try! RunFixtures.write(RunFixtures.tinyStageOne, to: preset)
        try! RunFixtures.write(RunFixtures.tinyStageTwo, to: presetTwo)
        let r = try! ProGANSRBinary().run(["prepare", source.path, "--out", data.path, "--resolution", "16"])
        precondition(r.status == 0, "prepare failed: \(r)")
    }

    func folder(_ name: String) -> URL { Self.scratch.url.appendingPathComponent(name) }

    /// Starts `arguments`, kills it (SIGKILL) once `when` holds, and checks that it was still running then.
    func kill(_ bin: ProGANSRBinary, _ arguments: [String], threads: Int, when: @escaping () -> Bool,
              file: StaticString = #filePath, line: UInt = #line) throws {
        let running = try bin.start(arguments, environment: ["PROGANSR_THREADS": String(threads)])
        let reached = running.waitUntil(timeout: 120, when)
        running.signal(SIGKILL)
        let r = try running.wait(timeout: 30)
        XCTAssertTrue(reached, "the kill moment never came: \(r)", file: file, line: line)
        XCTAssertTrue(r.signalled && r.status == SIGKILL, "it ended before it was killed: \(r)", file: file, line: line)
    }

    func testStageOneKilledThreeTimesAndResumedOnOtherCoreCountsEqualsTheStraightRun() throws {
        let bin = try ProGANSRBinary()
        let straight = folder("straight1"), split = folder("split1")
        let start = ["train-progan", "--preset", Self.preset.path, "--data", Self.data.path]
        let done = try bin.run(start + ["--out", straight.path], environment: ["PROGANSR_THREADS": "1"])
        XCTAssertEqual(done.status, 0, "\(done)")

        // Before the first checkpoint, right after the second, and between two checkpoints (15 steps past the one it
        // resumed from, far from the end): the resumes name no data and no preset.
        try kill(bin, start + ["--out", split.path], threads: 2) { RunFixtures.logLines(in: split) >= 5 }
        XCTAssertTrue(RunFixtures.checkpoints(in: split).isEmpty, "the first kill should come before any checkpoint")
        try kill(bin, ["train-progan", "--resume", split.path], threads: 2) { RunFixtures.checkpoints(in: split).count >= 2 }
        let resumedFrom = RunFixtures.checkpoints(in: split).last.flatMap(RunFixtures.imagesShown) ?? 0
        try kill(bin, ["train-progan", "--resume", split.path], threads: 1) { RunFixtures.lastLoggedImages(in: split) >= resumedFrom + 15 * 8 }
        let resumed = try bin.run(["train-progan", "--resume", split.path], environment: ["PROGANSR_THREADS": "2"])
        XCTAssertEqual(resumed.status, 0, "\(resumed)")
        XCTAssertTrue(resumed.stdout.contains("on \(Self.data.path)"), "the resume must say which data set it uses: \(resumed)")

        let expected = RunFixtures.checkpoints(in: straight)
        XCTAssertEqual(expected.count, 5)
        XCTAssertEqual(RunFixtures.checkpoints(in: split), expected)
        for name in expected {
            try RunFixtures.assertSameTensors(straight.appendingPathComponent(name), split.appendingPathComponent(name))
        }
        // The log holds each step once: what a killed process wrote after its last checkpoint was dropped on resume.
        XCTAssertEqual(RunFixtures.logLines(in: split), RunFixtures.logLines(in: straight))
    }

    func testStageOneCtrlCWritesACheckpointAndTheResumeFinishesTheRun() throws {
        let bin = try ProGANSRBinary()
        let run = folder("sigint1")
        let running = try bin.start(["train-progan", "--preset", Self.preset.path, "--data", Self.data.path, "--out", run.path])
        XCTAssertTrue(running.waitUntil(timeout: 120) { RunFixtures.logLines(in: run) >= 60 })
        running.signal(SIGINT)
        let stopped = try running.wait(timeout: 60)
        XCTAssertEqual(stopped.status, 0, "\(stopped)")
        XCTAssertTrue(stopped.stdout.contains("--resume \(run.path)"), "\(stopped)")
        let written = RunFixtures.checkpoints(in: run)
        XCTAssertFalse(written.isEmpty)
        let resumed = try bin.run(["train-progan", "--resume", run.path])
        XCTAssertEqual(resumed.status, 0, "\(resumed)")
        XCTAssertTrue(resumed.stdout.contains("stage one done"), "\(resumed)")
    }

    func testStageOneResumeRefusesChangedSettingsAndOtherData() throws {
        let bin = try ProGANSRBinary()
        let run = folder("refuse1")
        let started = try bin.run(["train-progan", "--preset", Self.preset.path, "--data", Self.data.path, "--out", run.path])
        XCTAssertEqual(started.status, 0, "\(started)")
        let config = try String(contentsOf: run.appendingPathComponent("config.json"), encoding: .utf8)

        let changed = try bin.run(["train-progan", "--resume", run.path, "--target-res", "8", "--lr", "0.01", "--seed", "9"])
        XCTAssertEqual(changed.status, 64, "\(changed)")
        for field in ["targetResolution", "learningRate", "seed"] { XCTAssertTrue(changed.stderr.contains(field), "\(field): \(changed)") }
        XCTAssertEqual(try String(contentsOf: run.appendingPathComponent("config.json"), encoding: .utf8), config, "a refused resume changed config.json")

        let preset = try bin.run(["train-progan", "--resume", run.path, "--preset", "stage1-demo"])
        XCTAssertEqual(preset.status, 64, "\(preset)")
        XCTAssertTrue(preset.stderr.contains("fmapMax") && preset.stderr.contains("latentSize"), "\(preset)")

        let elsewhere = try bin.run(["train-progan", "--resume", run.path, "--out", folder("typo").path])
        XCTAssertEqual(elsewhere.status, 64, "\(elsewhere)")

        // Another data set: the same images prepared at another resolution have another fingerprint.
        let other = folder("data32")
        XCTAssertEqual(try bin.run(["prepare", Self.scratch.url.appendingPathComponent("source").path, "--out", other.path,
                                    "--resolution", "32"]).status, 0)
        let otherData = try bin.run(["train-progan", "--resume", run.path, "--data", other.path])
        XCTAssertEqual(otherData.status, 1, "\(otherData)")
        XCTAssertTrue(otherData.stderr.contains(Self.data.path) && otherData.stderr.contains(other.path), "\(otherData)")

        // A moved copy of the same data set is the same data; a safe setting may change, and the run says so.
        let moved = folder("data16-moved")
        try FileManager.default.copyItem(at: Self.data, to: moved)
        let allowed = try bin.run(["train-progan", "--resume", run.path, "--data", moved.path, "--checkpoint-every", "640"])
        XCTAssertEqual(allowed.status, 0, "\(allowed)")
        XCTAssertTrue(allowed.stdout.contains("checkpointEveryImages 320 → 640"), "\(allowed)")
    }

    func testASecondTrainerOfARunningFolderIsRefusedBeforeItWritesAnything() throws {
        let bin = try ProGANSRBinary()
        let run = folder("busy1")
        // The first trainer must still hold the folder when the others try it: it trains on (the tiny preset's
        // schedule alone can end before them on a fast machine) until it is killed.
        let first = try bin.start(["train-progan", "--preset", Self.preset.path, "--data", Self.data.path, "--out", run.path,
                                   "--total-images", "100000000"])
        XCTAssertTrue(first.waitUntil(timeout: 120) { RunFixtures.logLines(in: run) >= 2 })
        // Without --data the second would prepare the embedded emoji into RUN/data: it must stop before that.
        let second = try bin.run(["train-progan", "--preset", Self.preset.path, "--out", run.path])
        let again = try bin.run(["train-progan", "--resume", run.path])
        first.signal(SIGKILL)
        let firstResult = try first.wait(timeout: 30)
        XCTAssertTrue(firstResult.signalled && firstResult.status == SIGKILL, "the first trainer ended before the others ran: \(firstResult)")
        for r in [second, again] {
            XCTAssertEqual(r.status, 1, "\(r)")
            XCTAssertTrue(r.stderr.contains("another process"), "\(r)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: run.appendingPathComponent("data").path), "the refused trainer prepared data")
    }

    func testResumeOfAFolderThatHoldsNoRunCreatesNothing() throws {
        let bin = try ProGANSRBinary()
        for command in ["train-progan", "train-srgan"] {
            let typo = folder("no-such-run-\(command)")
            let r = try bin.run([command, "--resume", typo.path])
            XCTAssertEqual(r.status, 1, "\(r)")
            XCTAssertTrue(r.stderr.contains(typo.path) && r.stderr.contains("no run"), "\(r)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: typo.path), "\(command) --resume created \(typo.path)")
        }
    }

    func testStageTwoKilledAndResumedOnOtherCoreCountsEqualsTheStraightRun() throws {
        let bin = try ProGANSRBinary()
        let straight = folder("straight2"), split = folder("split2")
        let start = ["train-srgan", "--preset", Self.presetTwo.path, "--data", Self.images.path]
        let done = try bin.run(start + ["--out", straight.path], environment: ["PROGANSR_THREADS": "2"])
        XCTAssertEqual(done.status, 0, "\(done)")

        try kill(bin, start + ["--out", split.path], threads: 1) { RunFixtures.checkpoints(in: split).count >= 2 }
        let refused = try bin.run(["train-srgan", "--resume", split.path, "--blocks", "2", "--batch-size", "8"])
        XCTAssertEqual(refused.status, 64, "\(refused)")
        XCTAssertTrue(refused.stderr.contains("blocks") && refused.stderr.contains("batchSize"), "\(refused)")
        let fresh = try bin.run(start + ["--out", split.path])
        XCTAssertEqual(fresh.status, 1, "a new run into a run folder must be refused: \(fresh)")
        XCTAssertTrue(fresh.stderr.contains("--resume"), "\(fresh)")

        let resumed = try bin.run(["train-srgan", "--resume", split.path], environment: ["PROGANSR_THREADS": "2"])
        XCTAssertEqual(resumed.status, 0, "\(resumed)")
        let expected = RunFixtures.checkpoints(in: straight)
        XCTAssertEqual(RunFixtures.checkpoints(in: split), expected)
        for name in expected + ["generator.safetensors"] {
            try RunFixtures.assertSameTensors(straight.appendingPathComponent(name), split.appendingPathComponent(name))
        }
    }
}
