// The command line's own errors: what a mistyped invocation prints and how it exits (64, EX_USAGE).

import XCTest

final class UsageErrorTests: XCTestCase {
    func testUnknownSubcommandIsAUsageErrorNamingIt() throws {
        let r = try ProGANSRBinary().run(["trian-progan"])
        XCTAssertEqual(r.status, 64, "\(r)")
        XCTAssertFalse(r.signalled, "\(r)")
        XCTAssertTrue(r.stderr.contains("trian-progan"), "\(r)")
    }
}
