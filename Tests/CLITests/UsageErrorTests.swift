// The command line's own errors: what a mistyped invocation prints and how it exits (64, EX_USAGE).

import XCTest

final class UsageErrorTests: XCTestCase {
    func testUnknownSubcommandIsAUsageErrorNamingIt() throws {
        let r = try ProGANSRBinary().run(["trian-progan"])
        XCTAssertEqual(r.status, 64, "\(r)")
        XCTAssertFalse(r.signalled, "\(r)")
        XCTAssertTrue(r.stderr.contains("trian-progan"), "\(r)")
    }

    func testAThreadCountOutsideOneTo256IsRefused() throws {
        for bad in ["0", "-2", "two", "1000"] {
            let r = try ProGANSRBinary().run(["sample", "/nonexistent"], environment: ["PROGANSR_THREADS": bad])
            XCTAssertEqual(r.status, 64, "\(r)")
            XCTAssertTrue(r.stderr.contains("PROGANSR_THREADS=\(bad)"), "\(r)")
        }
    }
}
