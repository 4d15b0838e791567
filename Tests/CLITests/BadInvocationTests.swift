// Bad invocations of every command, run through the binary as a user meets them: each must stop before any
// work — not by a signal (a trap of -Ounchecked code, "Illegal instruction"), with exit 64 (EX_USAGE) for a
// flag out of range and 1 for inputs that are missing or of the wrong kind — and the error line must name
// the flag or the path. The fixtures (images, a data set, tiny runs of both stages) are made once, by the
// binary itself.

import Foundation
import XCTest

final class BadInvocationTests: XCTestCase {
    static var scratch: ScratchFolder!
    static var fixtures: CLIFixtures!
    static var setupError: Error?

    override class func setUp() {
        scratch = ScratchFolder("bad-invocations")
        do {
            let f = try CLIFixtures(folder: scratch.url)
            try f.photos("photos", count: 24)
            try f.succeed(["prepare", "photos", "--out", "data", "--resolution", "16"])
            try f.stageOne("s1-8", data: "data", resolution: 8)
            try f.stageOne("s1-16", data: "data", resolution: 16)
            try f.stageTwo("s2", data: "photos")
            try f.stageTwo("s2x2", data: "photos", upscale: 2)
            try Data("not a model\n".utf8).write(to: scratch.url.appendingPathComponent("text.txt"))
            try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("empty"), withIntermediateDirectories: true)
            fixtures = f
        } catch { setupError = error }
    }

    override class func tearDown() { scratch = nil }

    /// One bad invocation: its arguments (paths relative to the scratch folder), the exit status it must end
    /// with, and what its error line must name.
    struct Case {
        let arguments: [String]
        let status: Int32
        let names: String
        init(_ arguments: String, _ status: Int32, _ names: String) {
            self.arguments = arguments.split(separator: " ").map(String.init)
            self.status = status
            self.names = names
        }
    }

    static let usage: Int32 = 64, data: Int32 = 1

    static let cases: [Case] = [
        // sample
        Case("sample s1-8 --count 0 --out o", usage, "--count"),
        Case("sample s1-8 --count -1 --out o", usage, "--count"),
        Case("sample s1-8 --resolution 0 --out o", usage, "--resolution"),
        Case("sample s1-8 --out text.txt", usage, "--out"),
        Case("sample s2 --out o", data, "stage-two"),
        Case("sample s2/generator.safetensors --out o", data, "stage-two"),
        Case("sample text.txt --out o", data, "text.txt"),
        Case("sample missing-run --out o", data, "missing-run"),
        // eval
        Case("eval swd --real data --fake photos --count 0", usage, "--count"),
        Case("eval swd --real data --fake photos --resolution 8", usage, "--resolution"),
        Case("eval swd --real data --fake s2", data, "stage-two"),
        Case("eval swd --real data --fake photos --report empty", usage, "--report"),
        Case("eval swd --real data --fake photos --report no-such-folder/swd.json", usage, "--report"),
        Case("eval swd --real data --fake s1-8", data, "s1-8"),
        Case("eval swd --real missing-set --fake data", data, "missing-set"),
        Case("eval swd --real data --fake data --count 5000", data, "data"),
        Case("eval msssim --images data --pairs 0", usage, "--pairs"),
        Case("eval msssim --images data --count 1", usage, "--count"),
        Case("eval msssim --images data --resolution 8", usage, "--resolution"),
        Case("eval msssim --images text.txt", data, "text.txt"),
        Case("eval msssim --images s1-8", data, "s1-8"),
        Case("eval msssim --images photos", data, "--resolution"),
        Case("eval sr --output photos --truth photos --scale 0", usage, "--scale"),
        Case("eval sr --output missing-out --truth photos", data, "missing-out"),
        Case("eval sr --output empty --truth photos", data, "empty"),
        // pipeline
        Case("pipeline --stage1 s1-16 --stage2 s2 --out o --no-cost --count 1", usage, "--count"),
        Case("pipeline --stage1 s1-16 --stage2 s2 --out o --no-cost --count 0", usage, "--count"),
        Case("pipeline --stage1 s1-16 --stage2 s2 --out o --no-cost --msssim-pairs 0", usage, "--msssim-pairs"),
        Case("pipeline --stage1 s1-16 --stage2 s2 --out o --no-cost --tile 16 --overlap 16", usage, "--overlap"),
        Case("pipeline --stage1 s1-16 --stage2 s2 --out o --no-cost --tile 4", usage, "--tile"),
        Case("pipeline --stage1 s1-16 --stage2 s2 --out o --no-cost --input-size 0", usage, "--input-size"),
        Case("pipeline --stage1 s1-16 --stage2 s2 --out o --no-cost --kernel nope", usage, "--kernel"),
        Case("pipeline --stage1 s1-16 --stage2 s2 --out text.txt --no-cost", usage, "--out"),
        Case("pipeline --stage1 s2 --stage2 s2 --out o --no-cost", data, "stage-two"),
        Case("pipeline --stage1 s1-16 --stage2 s1-16 --out o --no-cost", data, "stage-one"),
        Case("pipeline --stage1 s1-16 --stage2 s2x2 --out o --no-cost", data, "2x"),
        Case("pipeline --stage1 s1-8 --stage2 s2 --out o --no-cost", data, "8 px"),
        Case("pipeline --stage1 text.txt --stage2 s2 --out o --no-cost", data, "text.txt"),
        Case("pipeline --stage1 missing-run --stage2 s2 --out o --no-cost", data, "missing-run"),
        Case("pipeline --stage1 s1-16 --stage2 text.txt --out o --no-cost", data, "text.txt"),
        Case("pipeline --stage1 s1-16 --stage2 s2 --out o --no-cost --real missing-set", data, "missing-set"),
        Case("pipeline --stage1 s1-16 --stage2 s2 --out o --no-cost --real empty", data, "empty"),
        // upscale
        Case("upscale photos/photo-000.png --model s2/generator.safetensors --out o --tile 16 --overlap 16", usage, "--overlap"),
        Case("upscale photos/photo-000.png --model s2/generator.safetensors --out o --tile 0", usage, "--tile"),
        Case("upscale photos/photo-000.png --model s2/generator.safetensors --out o --overlap -1", usage, "--overlap"),
        Case("upscale photos/photo-000.png --model s2/generator.safetensors --out o --batch 0", usage, "--batch"),
        Case("upscale photos/photo-000.png --model s2/generator.safetensors --out text.txt", usage, "--out"),
        Case("upscale photos/photo-000.png --method bicubic --scale 0 --out o", usage, "--scale"),
        Case("upscale photos/photo-000.png --out o", usage, "--model"),
        Case("upscale photos/photo-000.png --model s1-16/config.json --out o", data, "s1-16/config.json"),
        Case("upscale photos/photo-000.png --model text.txt --out o", data, "text.txt"),
        Case("upscale photos/photo-000.png --model missing.safetensors --out o", data, "missing.safetensors"),
        Case("upscale photos/photo-000.png --model s2 --out o", data, "folder"),
        Case("upscale missing.png --model s2/generator.safetensors --out o", data, "missing.png"),
        Case("upscale text.txt --model s2/generator.safetensors --out o", data, "text.txt"),
        Case("upscale empty --model s2/generator.safetensors --out o", data, "empty"),
        // prepare
        Case("prepare photos --out o --resolution 0", usage, "resolution"),
        Case("prepare photos --out o --resolution 24", usage, "resolution"),
        Case("prepare photos --out o --kernel nope", usage, "--kernel"),
        Case("prepare missing-folder --out o", data, "missing-folder"),
        Case("prepare text.txt --out o", data, "text.txt"),
        Case("prepare empty --out o", data, "empty"),
        Case("prepare photos --out text.txt", data, "text.txt"),
        // train-progan
        Case("train-progan --data data --out o --preset s1-8.json --target-res 32", data, "32"),
        Case("train-progan --data photos --out o --preset s1-8.json", data, "photos"),
        Case("train-progan --data missing-set --out o --preset s1-8.json", data, "missing-set"),
        Case("train-progan --data data --out o --preset s1-8.json --target-res 12", usage, "--target-res"),
        Case("train-progan --data data --out o --preset s1-8.json --batch 0", usage, "--batch"),
        Case("train-progan --data data --out o --preset s1-8.json --batch 6", usage, "--batch"),
        Case("train-progan --data data --out o --preset s1-8.json --latent 0", usage, "--latent"),
        Case("train-progan --data data --out o --preset s1-8.json --lr -1", usage, "--lr"),
        Case("train-progan --data data --out o --preset s1-8.json --checkpoint-every 0", usage, "--checkpoint-every"),
        // The flags named as the config fields they set (the short spellings above are their aliases).
        Case("train-progan --data data --out o --preset s1-8.json --target-resolution 12", usage, "--target-resolution"),
        Case("train-progan --data data --out o --preset s1-8.json --minibatch-default 6", usage, "--minibatch-default"),
        Case("train-progan --data data --out o --preset s1-8.json --latent-size 0", usage, "--latent-size"),
        Case("train-progan --data data --out o --preset s1-8.json --learning-rate -1", usage, "--learning-rate"),
        Case("train-progan --data data --out o --preset s1-8.json --ema-half-life-images -1", usage, "--ema-half-life-images"),
        Case("train-progan --data data --out o --preset s1-8.json --checkpoint-every-images 0", usage, "--checkpoint-every-images"),
        Case("train-progan --data data --out o --preset s1-8.json --swd-images -1", usage, "--swd-images"),
        Case("train-progan --data data --out o --preset s1-8.json --fade-in-images -1", usage, "--fade-in-images"),
        Case("train-progan --data data --out o --preset s1-8.json --total-images -1", usage, "--total-images"),
        Case("train-progan --data data --out text.txt --preset s1-8.json", usage, "--out"),
        Case("train-progan --data data --out o --preset text.txt", data, "text.txt"),
        Case("train-progan --data data --out o --preset missing-preset", data, "missing-preset"),
        // train-srgan
        Case("train-srgan --data missing-set --out o --preset s2.json", data, "missing-set"),
        Case("train-srgan --data text.txt --out o --preset s2.json", data, "text.txt"),
        Case("train-srgan --data empty --out o --preset s2.json", data, "empty"),
        Case("train-srgan --data photos --out o --preset s2.json --batch-size 0", usage, "--batch-size"),
        Case("train-srgan --data photos --out o --preset s2.json --blocks 0", usage, "--blocks"),
        Case("train-srgan --data photos --out o --preset s2.json --hr-crop 0", usage, "--hr-crop"),
        Case("train-srgan --data photos --out o --preset s2.json --hr-crop 20", usage, "--hr-crop"),
        Case("train-srgan --data photos --out o --preset s2.json --phase1-steps 0 --phase2-steps 0", usage, "--phase1-steps"),
        Case("train-srgan --data photos --out o --preset s2.json --vgg19 missing-vgg.safetensors", data, "missing-vgg.safetensors"),
        Case("train-srgan --data photos --out text.txt --preset s2.json", usage, "--out"),
        Case("train-srgan --data photos --out o --preset text.txt", data, "text.txt"),
        // compare-downsampling
        Case("compare-downsampling photos --out o --to 0", usage, "--to"),
        Case("compare-downsampling photos --out o --to -1", usage, "--to"),
        Case("compare-downsampling photos --out o --repeat 0", usage, "--repeat"),
        Case("compare-downsampling photos --out o --limit -1", usage, "--limit"),
        Case("compare-downsampling photos --out o --kernels bicubic,nope", usage, "--kernels"),
        Case("compare-downsampling photos --out text.txt", usage, "--out"),
        Case("compare-downsampling missing-folder --out o", data, "missing-folder"),
        Case("compare-downsampling text.txt --out o", data, "text.txt"),
        Case("compare-downsampling photos --out o --to 200", data, "200"),
        // bench
        Case("bench ops --reps 0", usage, "--reps"),
        Case("bench train-step --res 16 --steps 0", usage, "--steps"),
        Case("bench train-step --res 16 --batch 0", usage, "--batch"),
        Case("bench train-step --res 3", usage, "--res"),
        Case("bench train-step --res 16 --latent 0", usage, "--latent"),
        Case("bench train-step --res 16 --alpha 1.5", usage, "--alpha"),
        Case("bench train-step --res 16 --alpha -0.1", usage, "--alpha"),
        Case("study separable-placement --minutes 0 --out o", usage, "--minutes"),
        Case("study separable-placement --modes none,sideways --out o", usage, "--modes"),
        Case("study separable-placement --repeats 0 --out o", usage, "--repeats"),
        Case("study separable-placement --preset missing.json --out o", data, "missing.json"),
        Case("bench train-speed --images-per-phase 0 --out o", usage, "--images-per-phase"),
        Case("bench train-speed --target-res 0 --out o", usage, "--target-res"),
        Case("bench train-speed --target-resolution 12 --out o", usage, "--target-resolution"),
        Case("bench swd --images 0", usage, "--images"),
        Case("bench swd --layout foo", usage, "--layout"),
        Case("bench swd --fixture missing.safetensors", data, "missing.safetensors"),
        Case("bench upscale --reps 0", usage, "--reps"),
        Case("bench upscale --blocks 0", usage, "--blocks"),
        Case("bench srgan-step --steps 0", usage, "--steps"),
        Case("bench srgan-step --batch-size 1", usage, "--batch-size"),
        Case("bench srgan-step --preset missing-preset", data, "missing-preset"),
    ]

    func testEveryBadInvocationStopsBeforeAnyWorkNamingTheProblem() throws {
        if let error = Self.setupError { throw error }
        let f = try XCTUnwrap(Self.fixtures)
        let fm = FileManager.default
        for c in Self.cases {
            // What the command would write: it must not exist after the refusal ("before any work").
            let out = c.arguments.firstIndex(of: "--out").map { f.path(c.arguments[$0 + 1]) }
            let outExisted = out.map { fm.fileExists(atPath: $0) } ?? true
            let r = try f.binary.run(c.arguments, in: f.folder, timeout: 120)
            XCTAssertFalse(r.signalled, "ended by a signal:\n\(r)")
            XCTAssertLessThan(r.status, 128, "\(r)")
            XCTAssertEqual(r.status, c.status, "exit status of `progan-sr \(c.arguments.joined(separator: " "))`:\n\(r)")
            // The line that says what is wrong (ArgumentParser's usage text after it lists every flag).
            let message = r.stderr.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first { $0.contains("Error:") }.map(String.init) ?? ""
            XCTAssertTrue(message.contains(c.names), "the error line should name \(c.names):\n\(r)")
            if let out, !outExisted { XCTAssertFalse(fm.fileExists(atPath: out), "\(out) was created before the refusal:\n\(r)") }
        }
    }
}
