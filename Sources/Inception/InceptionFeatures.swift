// InceptionFeatures: the pool3 features (FID, KID) and the IS logits of a set of 8-bit images, computed batch by
// batch (pytorch-fid's default batch of 50; each batch's forward keeps both cores busy: the convolutions are
// parallel over the images of the batch).
//
//   images (N, C, H, W) uint8 → per batch (B, 3, H, W) float32 x / 255 (torchvision's ToTensor, as pytorch-fid's
//   ImagePathDataset) → InceptionV3 → pool3 (N, 2048), unbiased logits (N, 1008)
// A grey image (C = 1) is repeated to RGB and a fourth channel (alpha) dropped, as PIL's convert("RGB") that
// pytorch-fid applies to every file.

import Metrics
import Tensors

public struct InceptionFeatures: Sendable {
    /// pool3 features (N, 2048): FID and KID.
    public let pool3: FeatureSet
    /// Logits without fc's bias (N, 1008): IS.
    public let logits: FeatureSet
}

extension InceptionV3 {
    /// pytorch-fid's default batch size (fid_score.py --batch-size).
    public static let defaultBatchSize = 50

    /// Images as the network's input: (N, 3, H, W) in [0, 1].
    public static func tensor(_ images: ImageBatch) -> Tensor {
        let (n, c, h, w) = (images.count, images.channels, images.height, images.width)
        let plane = h * w
        return Tensor(shape: [n, 3, h, w]) { out in
            images.pixels.withUnsafeBufferPointer { p in
                for i in 0..<n {
                    for channel in 0..<3 {
                        let source = p.baseAddress! + (i * c + (c >= 3 ? channel : 0)) * plane
                        let target = out + (i * 3 + channel) * plane
                        for k in 0..<plane { target[k] = Float(source[k]) / 255 }
                    }
                }
            }
        }
    }

    /// The features of every image, `batchSize` at a time; `progress` is told how many are done after each batch.
    public func features(of images: ImageBatch, batchSize: Int = defaultBatchSize,
                         progress: ((Int) -> Void)? = nil) throws -> InceptionFeatures {
        precondition(batchSize >= 1, "InceptionV3.features: batch size \(batchSize) must be ≥ 1")
        var pool3: [Float] = [], logits: [Float] = []
        pool3.reserveCapacity(images.count * Self.featureCount)
        logits.reserveCapacity(images.count * Self.classCount)
        for start in stride(from: 0, to: images.count, by: batchSize) {
            let batch = images.slice(start..<min(start + batchSize, images.count))
            let out = self(Self.tensor(batch))
            pool3 += out.pool3.toArray()
            logits += out.unbiasedLogits.toArray()
            progress?(start + batch.count)
        }
        return InceptionFeatures(pool3: try FeatureSet(count: images.count, dimension: Self.featureCount, values: pool3),
                                 logits: try FeatureSet(count: images.count, dimension: Self.classCount, values: logits))
    }
}
