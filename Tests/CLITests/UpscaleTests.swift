// `progan-sr upscale` through the binary: default tiles equal the whole-image output for SRGAN-PyTorch's model
// size, large outputs are streamed to the PNG (memory grows with the width, not the area), a 1x1 image works.

import Foundation
import Imaging
import NN
import SRGAN
import SRTestSupport
import Tensors
import XCTest

final class UpscaleTests: XCTestCase {
    func testDefaultTilesOfA16x64ModelEqualTheWholeImage() throws {
        let scratch = ScratchFolder("tiles")
        let model = LongRangeModel.make(blocks: 16, channels: 64, seed: 16)
        try Checkpoint.save(model, to: URL(fileURLWithPath: scratch.path("model.safetensors")))
        let image = PhotoLike.image(width: 200, height: 64, seed: 5)
        try image.save(to: scratch.path("in.png"))
        let r = try ProGANSRBinary().run(["upscale", scratch.path("in.png"), "--model", scratch.path("model.safetensors"),
                                          "--out", scratch.path("out")])
        XCTAssertEqual(r.status, 0, "\(r)")
        XCTAssertTrue(r.stdout.contains("tiles: 176 px, overlap 88 px (receptive radius 39.5 px: tiled output equals the whole-image output)"), "\(r)")
        let tiled = try Image(contentsOf: scratch.path("out/in.png"))
        let whole = Image(tensor: withoutGrad { model(image.tensor(range: .zeroToOne)) }, range: .zeroToOne)
        let d = PhotoLike.differences(whole, tiled)
        print("binary, 16x64, 200x64: |tiled − whole| p99.9 \(d.p999), max \(d.max) grey levels")
        XCTAssertLessThanOrEqual(d.p999, 1)
        XCTAssertGreaterThan(d.distinct, 128)
    }

    func testLargeOutputIsStreamedInBoundedMemory() throws {
        // A 1024² image to 4096² with a small model, beside a 1024x128 one (same width, one row of tiles). Streamed by
        // rows of tiles, the larger run needs well under 1 GB and about as much as the shorter one: its 7x more output
        // (44 MB more as bytes, 176 MB more as floats) must not show in the peak. Whole in memory (before), 1024² took
        // 990 MB and 512² 630 MB with this model.
        let scratch = ScratchFolder("stream")
        let model = SRResNet(blocks: 1, channels: 8, seed: 3)
        try Checkpoint.save(model, to: URL(fileURLWithPath: scratch.path("model.safetensors")))
        try PhotoLike.image(width: 1024, height: 1024, seed: 7).save(to: scratch.path("large.png"))
        try PhotoLike.image(width: 1024, height: 128, seed: 7).save(to: scratch.path("small.png"))
        let binary = try ProGANSRBinary()
        func run(_ name: String) throws -> ProGANSRBinary.Measured {
            let m = try binary.runMeasured(["upscale", scratch.path(name), "--model", scratch.path("model.safetensors"),
                                            "--out", scratch.path("out")], scratch: scratch)
            XCTAssertEqual(m.result.status, 0, "\(m)")
            return m
        }
        let small = try run("small.png"), large = try run("large.png")
        let (w, h) = try Image.dimensions(ofFile: scratch.path("out/large.png"))
        XCTAssertEqual([w, h], [4096, 4096])
        print("upscale peak RSS: 1024x128 → 4096x512 \(small.megabytes) MB, 1024² → 4096² \(large.megabytes) MB")
        XCTAssertLessThan(large.peakBytes, 1_000_000_000, "\(large)")
        XCTAssertLessThan(large.peakBytes - small.peakBytes, 30_000_000, "memory grows with the output's area")
        // The streamed file is the in-memory result.
        let expected = try Upscaler(model: model).upscale(try Image(contentsOf: scratch.path("small.png")))
        XCTAssertTrue(try Image(contentsOf: scratch.path("out/small.png")) == expected)
    }

    func testOnePixelImageIsUpscaled() throws {
        let scratch = ScratchFolder("one")
        try Checkpoint.save(SRResNet(blocks: 1, channels: 4, seed: 1), to: URL(fileURLWithPath: scratch.path("model.safetensors")))
        try Image(width: 1, height: 1, red: 200, green: 30, blue: 90).save(to: scratch.path("dot.png"))
        let r = try ProGANSRBinary().run(["upscale", scratch.path("dot.png"), "--model", scratch.path("model.safetensors"),
                                          "--out", scratch.path("out")])
        XCTAssertEqual(r.status, 0, "\(r)")
        let (w, h) = try Image.dimensions(ofFile: scratch.path("out/dot.png"))
        XCTAssertEqual([w, h], [4, 4])
    }
}
