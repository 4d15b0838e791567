// A usage error found after parsing — a flag that contradicts the run it resumes — printed as ArgumentParser
// prints its own ("Error: …" on stderr) and exiting 64 (EX_USAGE), without a usage line that would not help.

import ArgumentParser
import Foundation

func usageError(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
    return ExitCode.validationFailure
}
