// StopRequest: Ctrl-C (SIGINT) and SIGTERM ask a training loop to stop at the end of its current step,
// so that it can write a checkpoint and exit cleanly; a second Ctrl-C exits at once.

import Foundation

public enum StopRequest {
    nonisolated(unsafe) private static var requested: sig_atomic_t = 0
    nonisolated(unsafe) private static var installed = false

    /// True once the user asked to stop.
    public static var isRequested: Bool { requested != 0 }

    /// Installs the handlers (once).
    public static func install() {
        guard !installed else { return }
        installed = true
        let handler: @convention(c) (Int32) -> Void = { _ in
            if StopRequest.requested != 0 { _exit(130) }
            StopRequest.requested = 1
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
    }

    /// Clears the request (for tests that simulate a stop).
    public static func reset() { requested = 0 }

    /// Simulates a Ctrl-C (for tests).
    public static func request() { requested = 1 }
}
