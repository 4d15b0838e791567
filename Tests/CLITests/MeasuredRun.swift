// MeasuredRun: the binary run under GNU time (/usr/bin/time, Debian package `time`, which `make setup` installs) for
// its peak resident memory. The test process cannot read it itself: its direct child starts as a copy of the test
// process (vfork), and Linux carries that copy's high-water mark through exec into the child's ru_maxrss, so a test
// holding a 72 MB image would see every child at ≥ 72 MB. GNU time forks from its own small process.

import Foundation
import XCTest

extension ProGANSRBinary {
    struct Measured: CustomStringConvertible {
        let result: Result
        /// The child's peak resident set size in bytes.
        let peakBytes: Int

        var megabytes: Int { peakBytes / 1_000_000 }
        var description: String { "\(result)\npeak RSS \(megabytes) MB" }
    }

    static let timeTool = "/usr/bin/time"

    /// Runs the binary to its end (at most `timeout` seconds) and returns what it printed, how it ended and its peak
    /// resident memory.
    func runMeasured(_ arguments: [String], scratch: ScratchFolder, timeout: TimeInterval = 600,
                     file: StaticString = #filePath, line: UInt = #line) throws -> Measured {
        guard FileManager.default.isExecutableFile(atPath: Self.timeTool) else {
            XCTFail("no \(Self.timeTool): install the Debian package `time` (make setup does)", file: file, line: line)
            throw CLITestError.noBinary(Self.timeTool)
        }
        let report = scratch.path(".time-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: report) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.timeTool)
        process.arguments = ["-f", "maxrss %M", "-o", report, url.path] + arguments
        let timed = try Running(process: process, arguments: arguments).wait(timeout: timeout)
        // The report: "Command terminated by signal N" (or "Command exited with non-zero status N") lines, then ours.
        let text = (try? String(contentsOfFile: report)) ?? ""
        guard let kilobytes = text.split(separator: "\n").last(where: { $0.hasPrefix("maxrss ") }).flatMap({ Int($0.dropFirst(7)) }) else {
            XCTFail("no peak memory in GNU time's report: \(text)\n\(timed)", file: file, line: line)
            throw CLITestError.noBinary(Self.timeTool)
        }
        var result = timed
        if let signalLine = text.split(separator: "\n").first(where: { $0.hasPrefix("Command terminated by signal ") }),
           let signal = Int32(signalLine.split(separator: " ").last ?? "") {
            result = Result(arguments: arguments, status: signal, signalled: true, stdout: timed.stdout, stderr: timed.stderr)
        }
        return Measured(result: result, peakBytes: kilobytes * 1024)
    }
}
