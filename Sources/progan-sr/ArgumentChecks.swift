// ArgumentChecks: the checks the commands' validate() make on their own flags — counts and sizes in range,
// output paths of the right kind — so that a bad invocation stops before any work with exit 64 (EX_USAGE:
// ArgumentParser's ValidationError) and a message naming the flag. What a flag points at (a run, a data
// set, a model) is checked by the libraries, whose typed errors exit 1.

import ArgumentParser
import Foundation

enum ArgumentChecks {
    static func atLeast(_ value: Int, _ minimum: Int, _ flag: String) throws {
        guard value >= minimum else { throw ValidationError("\(flag) must be at least \(minimum), got \(value)") }
    }

    static func positive(_ value: Double, _ flag: String) throws {
        guard value > 0 else { throw ValidationError("\(flag) must be > 0, got \(value)") }
    }

    /// An output folder: absent (it is created) or a folder, not a file.
    static func outputFolder(_ path: String, _ flag: String = "--out") throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
            throw ValidationError("\(flag) \(path) is a file; give a folder (it is created when missing)")
        }
    }

    /// An output file (a report): not a folder, and in a folder that exists — so that the report written at
    /// the end of the work cannot fail for its path.
    static func outputFile(_ path: String, _ flag: String) throws {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw ValidationError("\(flag) \(path) is a folder; give a file name")
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard fm.fileExists(atPath: parent, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("\(flag) \(path): its folder \(parent) does not exist")
        }
    }

}

extension ArgumentChecks {
    /// A preset's setting that failed its check (`field`, as the config names it; "a/b" for two), as a usage
    /// error naming the flag when a flag given on the command line set it (`given`: setting → flag); nil when
    /// the value came from the preset file, whose typed error then stands (exit 1: bad data).
    static func flagError(_ error: Error, field: String, given: [String: String]) -> ValidationError? {
        let flags = field.split(separator: "/").compactMap { given[String($0)] }
        guard !flags.isEmpty else { return nil }
        return ValidationError("\(flags.joined(separator: ", ")): \(error)")
    }
}
