// What the two training commands share about their run folder: the command line recorded in run.json, the
// folder of --resume (an --out naming another one is refused), a refused change of settings as a usage error,
// and the allowed changes announced.

import ArgumentParser
import Foundation
import Runs

enum RunFlags {
    /// This process's command line from the subcommand on (recorded in run.json).
    static func commandLine(_ subcommand: String) -> [String] {
        [subcommand] + CommandLine.arguments.dropFirst().drop { $0 == subcommand }
    }

    /// The folder of `--resume RUN`; an `--out` that names another folder is a usage error.
    static func resumeFolder(_ resume: String, out: String?) throws -> URL {
        let folder = URL(fileURLWithPath: resume, isDirectory: true)
        if let out, URL(fileURLWithPath: out).standardizedFileURL.path != folder.standardizedFileURL.path {
            throw usageError("--out \(out) and --resume \(resume) name different folders: a resumed run stays in its own folder")
        }
        return folder
    }

    /// Runs a resume; flags that would change the run (RunFolderError.resumeChangesRun) become a usage error
    /// (exit 64), and the changes it allowed are printed.
    static func resuming<T>(_ body: () throws -> (T, [SettingChange])) throws -> T {
        let (value, changes): (T, [SettingChange])
        do { (value, changes) = try body() } catch let e as RunFolderError {
            if case .resumeChangesRun = e { throw usageError(e.description) }
            throw e
        }
        for change in changes { print("changed on resume: \(change.field) \(change.run) → \(change.asked)") }
        return value
    }
}
