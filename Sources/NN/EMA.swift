// An exponential moving average of a model's weights (ProGAN's generator average, Karras et al. 2018 §A.1:
// Gs = lerp(G, Gs, β) after every step), kept in a second instance of the same architecture. Buffers
// (BatchNorm's running statistics) are copied, not averaged.

import Foundation
import Tensors

public final class EMA {
    /// The averaged model: same architecture as the source, frozen, sampled from at the end.
    public let average: Module
    /// avg ← β·avg + (1 − β)·θ after each update.
    public var beta: Float

    /// Starts the average at `source`'s current weights. `average` must be a model of the same architecture
    /// (same keys and shapes): otherwise throws the strict load's `ModuleLoadError`.
    public init(average: Module, source: Module, beta: Float) throws {
        precondition((0...1).contains(beta), "EMA: beta \(beta) must lie in [0, 1]")
        try average.load(source.stateDict(), strict: true)
        average.freeze()
        self.average = average
        self.beta = beta
    }

    /// β that halves the weight of old parameters every `halfLifeImages` images at `batchSize` images per
    /// step (StyleGAN's `ema_kimg`): β = 0.5^(batch / half-life).
    public static func beta(batchSize: Int, halfLifeImages: Double) -> Float {
        halfLifeImages <= 0 ? 0 : Float(pow(0.5, Double(batchSize) / halfLifeImages))
    }

    /// avg ← θ + β·(avg − θ) for every parameter; buffers copied from `source`.
    public func update(from source: Module) {
        let mine = average.namedParameters(), theirs = source.namedParameters()
        precondition(mine.count == theirs.count, "EMA: the source has \(theirs.count) parameters, the average \(mine.count)")
        withoutGrad {
            for ((key, avg), (sourceKey, p)) in zip(mine, theirs) {
                precondition(key == sourceKey && avg.shape == p.shape,
                             "EMA: parameter \(sourceKey) \(p.shape) does not match the average's \(key) \(avg.shape)")
                let theta = p.value.detached()
                avg.value = theta + (avg.value - theta) * beta
            }
            for ((key, avg), (sourceKey, b)) in zip(average.namedBuffers(), source.namedBuffers()) {
                precondition(key == sourceKey, "EMA: buffer \(sourceKey) does not match the average's \(key)")
                avg.value = b.value
            }
        }
    }
}
