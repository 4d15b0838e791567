// The mean and the sample standard deviation (Bessel's n − 1) of a few repeated measurements: the spread over
// seeds that `eval swd --repeats` and the separable-placement study report beside a mean, so that a difference
// can be told from noise. (KID and IS keep their own population std, numpy's np.std, as their reference code.)

/// The mean and the sample standard deviation of `xs`, in double. One value has a std of 0; no values, (0, 0).
public func meanAndSampleStandardDeviation(_ xs: [Double]) -> (mean: Double, standardDeviation: Double) {
    let mean = xs.reduce(0, +) / Double(max(xs.count, 1))
    let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(xs.count - 1, 1))
    return (mean, variance.squareRoot())
}
