// The separable-placement study's plan: a preset's schedule scaled so that its estimated training time, from the
// step times given, is the budget — one factor for every phase, whole minibatches, at least one step per phase.

import XCTest
import Pipeline
import ProGAN

final class SeparablePlacementPlanTests: XCTestCase {
    func testScaledScheduleMeetsTheBudgetInWholeMinibatches() throws {
        var c = ProGANConfig()
        c.targetResolution = 32
        c.phaseImages = ["4": 16_000, "8": 8_000, "16": 5_000, "32": 6_000]
        c.minibatch = ["4": 32]
        c.minibatchDefault = 16
        let stepSeconds: [Int: Double] = [4: 0.012, 8: 0.034, 16: 0.095, 32: 0.17]
        // The preset's own estimate, by hand: 4 px has one phase, the others a fade-in and a stabilise phase.
        let stepsPerPhase: [Int: Double] = [4: 16_000 / 32, 8: 8_000 / 16, 16: 5_000 / 16, 32: 6_000 / 16]
        let phases: [Int: Double] = [4: 1, 8: 2, 16: 2, 32: 2]
        let original: Double = c.resolutions.map { phases[$0]! * stepsPerPhase[$0]! * stepSeconds[$0]! }.reduce(0, +)
        for budget in [30.0, original, 600.0] {
            let plan = SeparablePlacementPlan.scaled(c, secondsPerStep: stepSeconds, budgetSeconds: budget)
            XCTAssertEqual(plan.scale, budget / original, accuracy: 1e-12)
            for r in c.resolutions {
                let images = try XCTUnwrap(plan.phaseImages[String(r)])
                XCTAssertEqual(images % c.minibatchSize(resolution: r), 0, "\(r) px: whole minibatches")
                XCTAssertGreaterThan(images, 0)
            }
            // Rounding to whole minibatches moves the estimate by at most half a step per phase.
            let slack: Double = c.resolutions.map { 0.5 * phases[$0]! * stepSeconds[$0]! }.reduce(0, +)
            XCTAssertEqual(plan.estimatedSeconds, budget, accuracy: slack, "budget \(budget)")
            // The schedule keeps its shape: 32 px's phases stay 6/8 of 8 px's.
            XCTAssertEqual(Double(plan.phaseImages["32"]!) / Double(plan.phaseImages["8"]!), 0.75, accuracy: 0.01)
        }
        // A budget smaller than one step per phase still trains every phase once.
        let tiny = SeparablePlacementPlan.scaled(c, secondsPerStep: stepSeconds, budgetSeconds: 1e-6)
        XCTAssertEqual(tiny.phaseImages, ["4": 32, "8": 16, "16": 16, "32": 16])
    }
}
