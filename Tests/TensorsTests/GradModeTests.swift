// Grad mode is per thread: a thread inside `withoutGrad` (a metric, a sample grid) does not turn recording off for
// another thread that is building a graph, and recording is on by default on every thread.

import Foundation
import Tensors
import XCTest

final class GradModeTests: XCTestCase {
    func testWithoutGradOnOneThreadLeavesAnotherRecording() throws {
        let inside = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var offThere = true
        Thread {
            withoutGrad {
                offThere = !GradMode.enabled
                inside.signal()
                release.wait()
            }
            done.signal()
        }.start()
        inside.wait()
        // The other thread is inside withoutGrad now; this one still records.
        XCTAssertTrue(GradMode.enabled)
        let x = Tensor(shape: [3], data: [1, 2, 3]).requiringGrad()
        let y = (x * x).sum()
        XCTAssertTrue(y.requiresGrad, "recorded while another thread is in withoutGrad")
        let g = vjp(of: y, seed: Tensor.ones(y.shape), wrt: [x])[0]
        XCTAssertEqual(g.toArray(), [2, 4, 6])
        release.signal()
        done.wait()
        XCTAssertTrue(offThere)
        // A new thread records by default; withoutGrad here is off here only.
        nonisolated(unsafe) var onByDefault = false
        let started = DispatchSemaphore(value: 0)
        withoutGrad {
            Thread { onByDefault = GradMode.enabled; started.signal() }.start()
            started.wait()
            XCTAssertFalse(GradMode.enabled)
        }
        XCTAssertTrue(onByDefault)
        XCTAssertTrue(GradMode.enabled)
    }
}
