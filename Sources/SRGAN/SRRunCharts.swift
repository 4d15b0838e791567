// The run folder's pictures of its log: losses against steps (losses.png; gan.png once phase 2 has begun)
// and the validation PSNR on Y of the model beside bicubic's (psnr.png).

import Foundation
import Imaging
import Runs

enum SRRunCharts {
    /// Writes the charts into `folder` from its log.jsonl (nothing before two records).
    static func write(folder: URL) throws {
        let records = RunLog.read(folder.appendingPathComponent("log.jsonl"))
        let training = records.filter { $0["event"] == nil }
        let validation = records.filter { $0["event"] as? String == "validation" }
        func series(_ rows: [[String: Any]], _ key: String, _ name: String) -> LineChart.Series {
            .init(name: name, points: rows.compactMap { r in
                guard let x = (r["step"] as? NSNumber)?.doubleValue, let y = (r[key] as? NSNumber)?.doubleValue else { return nil }
                return (x, y)
            })
        }
        if training.count >= 2 {
            try LineChart(title: "Stage two: generator losses", xLabel: "step", yLabel: "loss",
                          series: [series(training, "pixel_mse", "pixel MSE"), series(training, "content", "content (phase 2)")])
                .savePNG(to: folder.appendingPathComponent("losses.png"))
            let gan = [series(training, "loss_d", "D (BCE)"), series(training, "adversarial", "G adversarial (BCE)")]
            if gan.allSatisfy({ $0.points.count >= 2 }) {
                try LineChart(title: "Stage two: SRGAN phase", xLabel: "step", yLabel: "loss", series: gan)
                    .savePNG(to: folder.appendingPathComponent("gan.png"))
            }
        }
        if validation.count >= 2 {
            try LineChart(title: "Held-out PSNR on Y (dB)", xLabel: "step", yLabel: "dB",
                          series: [series(validation, "psnr_y", "SR"), series(validation, "bicubic_psnr_y", "bicubic")])
                .savePNG(to: folder.appendingPathComponent("psnr.png"))
        }
    }
}
