// Phase 1 learns: a small SRResNet trained briefly with pixel MSE on embedded emoji (fixed seed) upscales
// held-out emoji better than bicubic by PSNR on Y (32 → 128, border 4).

import Foundation
import XCTest
import SRGAN

final class Phase1ConvergenceTests: XCTestCase {
    func testShortPhase1BeatsBicubicOnHeldOutImages() throws {
        var config = SRGANConfig()
        config.blocks = 2
        config.channels = 16
        config.hrCrop = 48
        config.batchSize = 16
        config.phase1Steps = 400
        config.phase1LearningRate = 2e-3
        config.phase1LearningRateSteps = [300]
        config.phase2Steps = 0
        config.validationImages = 16
        config.seed = 1
        let started = Date()
        let data = try SRTrainingData(images: Emoji.images(320), scale: 4, kernel: .bicubic, validationCount: 16, minimumSide: 48)
        let trainer = try SRGANTrainer(config: config, data: data, vgg19: nil)
        while !trainer.isFinished { try trainer.trainStep() }
        let (scores, _) = try trainer.validate()
        let bicubic = trainer.validation.bicubicScores
        print(String(format: "after %d steps (%.0f s): SR PSNR-Y %.2f dB SSIM-Y %.4f, bicubic %.2f dB %.4f",
                     trainer.step, Date().timeIntervalSince(started), scores.psnrY, scores.ssimY, bicubic.psnrY, bicubic.ssimY))
        XCTAssertGreaterThan(scores.psnrY, bicubic.psnrY)
    }
}
