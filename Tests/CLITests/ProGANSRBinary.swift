// ProGANSRBinary: the built `progan-sr` run as a child process, as a user runs it — its arguments, its
// exit status, what it printed — so that the CLI tests go through the path a user takes.
//
// The binary is the one beside the test bundle (`swift build -c release --build-tests` builds both into
// .build/release), or $PROGANSR_BIN. A missing binary fails the test that needs it; nothing is skipped.

import Foundation
import XCTest

struct ProGANSRBinary {
    /// What one finished run printed and how it ended.
    struct Result: CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        /// True when the process ended by a signal (then `status` is the signal number).
        let signalled: Bool
        let stdout: String
        let stderr: String

        var output: String { stdout + stderr }
        var description: String {
            "progan-sr \(arguments.joined(separator: " ")) → \(signalled ? "signal" : "exit") \(status)\n"
                + "stdout: \(stdout.suffix(2_000))\nstderr: \(stderr.suffix(2_000))"
        }
    }

    let url: URL

    /// Another program run the same way (e.g. prlimit wrapping the binary).
    init(url: URL) { self.url = url }

    init(file: StaticString = #filePath, line: UInt = #line) throws {
        if let env = ProcessInfo.processInfo.environment["PROGANSR_BIN"], !env.isEmpty {
            url = URL(fileURLWithPath: env)
        } else {
            url = Self.productsDirectory.appendingPathComponent("progan-sr")
        }
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            XCTFail("no progan-sr binary at \(url.path): build it with `swift build -c release --build-tests`", file: file, line: line)
            throw CLITestError.noBinary(url.path)
        }
    }

    /// The folder of the test bundle, which is where SwiftPM puts the products of the same build.
    static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    /// Starts the binary; the caller waits for it (or signals it) through the returned handle.
    func start(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        return try Running(process: process, arguments: arguments)
    }

    /// Runs the binary to its end (at most `timeout` seconds, then it is killed and the test fails).
    func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
             timeout: TimeInterval = 600) throws -> Result {
        try start(arguments, in: directory, environment: environment).wait(timeout: timeout)
    }

    /// A running child process with its output collected in the background (so a full pipe never blocks it).
    final class Running {
        let process: Process
        let arguments: [String]
        private let out = Pipe(), err = Pipe()
        private let lock = NSLock()
        private var outData = Data(), errData = Data()
        private let readers = DispatchGroup()

        init(process: Process, arguments: [String]) throws {
            self.process = process
            self.arguments = arguments
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            for (pipe, isOut) in [(out, true), (err, false)] {
                readers.enter()
                DispatchQueue.global().async { [self] in
                    let handle = pipe.fileHandleForReading
                    while true {
                        let chunk = handle.availableData
                        if chunk.isEmpty { break }
                        lock.lock()
                        if isOut { outData.append(chunk) } else { errData.append(chunk) }
                        lock.unlock()
                    }
                    readers.leave()
                }
            }
        }

        var pid: Int32 { process.processIdentifier }

        /// What the process has printed so far (stdout then stderr).
        var outputSoFar: String {
            lock.lock(); defer { lock.unlock() }
            return String(decoding: outData, as: UTF8.self) + String(decoding: errData, as: UTF8.self)
        }

        func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

        /// Waits until `condition` holds (polled every 20 ms) or `timeout` passes; false on timeout or when the
        /// process ended first.
        func waitUntil(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
            let end = Date().addingTimeInterval(timeout)
            while Date() < end {
                if condition() { return true }
                if !process.isRunning { return condition() }
                usleep(20_000)
            }
            return false
        }

        func wait(timeout: TimeInterval) throws -> Result {
            let end = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < end { usleep(10_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                readers.wait()
                throw CLITestError.timedOut(arguments: arguments, seconds: timeout, output: outputSoFar)
            }
            process.waitUntilExit()
            readers.wait()
            lock.lock(); defer { lock.unlock() }
            return Result(arguments: arguments, status: process.terminationStatus,
                          signalled: process.terminationReason == .uncaughtSignal,
                          stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
        }
    }
}

enum CLITestError: Error, CustomStringConvertible {
    case noBinary(String)
    case timedOut(arguments: [String], seconds: TimeInterval, output: String)

    var description: String {
        switch self {
        case .noBinary(let path): return "no progan-sr binary at \(path)"
        case .timedOut(let args, let s, let output):
            return "progan-sr \(args.joined(separator: " ")) still running after \(Int(s)) s; output so far:\n\(output.suffix(2_000))"
        }
    }
}

/// A fresh temporary folder per test, removed afterwards.
final class ScratchFolder {
    let url: URL

    init(_ name: String) {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("progansr-cli-\(name)-\(UUID().uuidString)", isDirectory: true)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
