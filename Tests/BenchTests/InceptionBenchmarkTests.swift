// What `bench inception` measures (never how fast): a network with every weight of pytorch-fid's key set, random
// and loaded strictly; a forward of the batch and side asked, which is pytorch-fid's when the side is not 299
// (resized); the batch and a positive time reported.

import Bench
import Inception
import Metrics
import XCTest

final class InceptionBenchmarkTests: XCTestCase {
    func testItTimesTheForwardOfTheBatchAsked() throws {
        let model = try InceptionBenchmark.randomModel()
        XCTAssertEqual(model.namedState().count, 472, "94 BasicConv2d × 5 tensors, fc weight and bias")
        let r = InceptionBenchmark.run(model: model, batch: 2, side: 40, reps: 1, warmup: 0)
        XCTAssertEqual(r.batch, 2)
        XCTAssertEqual(r.side, 40)
        XCTAssertGreaterThan(r.seconds, 0)
        XCTAssertEqual(r.millisecondsPerImage, 500 * r.seconds, accuracy: 1e-9)
        // Random weights give features that are neither all zero nor all equal.
        let pool3 = model(InceptionV3.tensor(.init(count: 1, channels: 3, height: 40, width: 40,
                                                      pixels: (0..<4800).map { UInt8($0 % 251) }))).pool3.toArray()
        XCTAssertGreaterThan(Set(pool3).count, 100)
    }
}
