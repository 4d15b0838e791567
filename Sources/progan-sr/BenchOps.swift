// progan-sr bench ops: the conv kernels against the machine's sgemm and the PyTorch peer (ops_torch.py).

import ArgumentParser
import Bench
import Foundation
import Tensors

struct BenchOps: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ops",
        abstract: "Forward+backward of conv3x3, depthwise3x3, pointwise1x1 and separable3x3 at batch 16, and sgemm GFLOP/s."
    )

    @Option(help: "Timed repetitions per case (after 3 warm-up runs).")
    var reps = 20

    @Option(help: "Only the cases whose name contains this text (e.g. depthwise).")
    var only: String?

    func validate() throws { try ArgumentChecks.atLeast(reps, 1, "--reps") }

    func run() throws {
        let gemm = OpBenchmark.sgemmGFLOPS()
        print(String(format: "sgemm 1024³: %.1f GFLOP/s on one core, %.1f on %d cores", gemm.oneCore, gemm.allCores, Parallel.workers))
        print("op                                  ms     GFLOP/s   % of sgemm")
        let results = OpBenchmark.run(reps: reps, only: only)
        for r in results {
            print(String(format: "%-32@ %8.2f %9.1f %9.0f%%", r.op as NSString, r.ms, r.gflops, 100 * r.gflops / gemm.allCores))
        }
        print(jsonLine(["sgemm_gflops_1core": gemm.oneCore, "sgemm_gflops": gemm.allCores]))
        for r in results {
            print(jsonLine(["op": r.op, "ms": (r.ms * 1000).rounded() / 1000, "gflops": (r.gflops * 10).rounded() / 10]))
        }
    }
}
