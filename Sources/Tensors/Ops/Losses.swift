// Losses (mean reduction, as PyTorch's default), composed from differentiable ops.

extension Tensor {
    /// mean((x − target)²).
    public static func mse(_ x: Tensor, _ target: Tensor) -> Tensor { (x - target).square().mean() }

    /// mean(|x − target|).
    public static func l1(_ x: Tensor, _ target: Tensor) -> Tensor { (x - target).abs().mean() }

    /// Binary cross-entropy on logits, in the stable form max(x, 0) − x·t + log(1 + e^−|x|).
    public static func bceWithLogits(_ x: Tensor, _ target: Tensor) -> Tensor {
        (x.relu() - x * target + ((-x.abs()).exp() + 1).log()).mean()
    }
}
