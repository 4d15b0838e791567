// What the two training commands share about their run folder: the flags that name it, its preset and its data
// (RunOptions, an @OptionGroup of both), the command line recorded in run.json, the folder of --resume (an --out
// naming another one is refused), a refused change of settings as a usage error, and the allowed changes announced.

import ArgumentParser
import Foundation
import Runs

/// --preset, --data, --out and --resume, the same in train-progan and train-srgan.
struct RunOptions: ParsableArguments {
    @Option(help: "Preset: a name in Stages/ or a JSON file (default: the stage's demo preset).")
    var preset: String?

    @Option(help: """
        The training images (default: the embedded emoji). With --resume: the run's own data, checked by its \
        fingerprint; needed only if it moved.
        """)
    var data: String?

    @Option(help: "Run folder (new; default runs/stage1 or runs/srgan).")
    var out: String?

    @Option(help: "Continue the run in this folder from its newest checkpoint, with its own settings and data.")
    var resume: String?

    var dataURL: URL? { data.map { URL(fileURLWithPath: $0, isDirectory: true) } }

    /// The new run's folder: --out, or the stage's default.
    func newFolder(default name: String) -> URL { URL(fileURLWithPath: out ?? name, isDirectory: true) }

    /// The folder of --resume (nil when not resuming); an --out that names another folder is a usage error.
    func resumeFolder() throws -> URL? { try resume.map { try RunFlags.resumeFolder($0, out: out) } }

    /// The preset file: --preset, or the stage's default preset.
    func presetURL(default name: String) throws -> URL { try Presets.url(preset ?? name) }
}

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
