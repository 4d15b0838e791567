// Inception-v3 as pytorch-fid uses it for FID (src/pytorch_fid/inception.py: InceptionV3 with use_fid_inception,
// fid_inception_v3): torchvision's Inception3 with FIDInceptionA/C/E_1/E_2 blocks and 1008 classes, loaded from
// pt_inception-2015-12-05-6726825d.pth written to safetensors (key names unchanged: `Conv2d_1a_3x3.conv.weight`,
// `Mixed_5b.branch1x1.bn.running_mean`, …, `fc.weight`; the property names below are those keys).
//
//   images (N, 3, H, W) in [0, 1]
//     → bilinear resize to 299x299 (align_corners=False) → 2x − 1
//     → stem (convolutions, two 3x3/2 max pools) (N, 192, 35, 35) → Mixed_5b…5d (N, 288, 35, 35)
//     → Mixed_6a…6e (N, 768, 17, 17) → Mixed_7a…7c (N, 2048, 8, 8) → mean over space: pool3 (N, 2048)
//     → fc: logits (N, 1008)
//
// pool3 is FID's and KID's feature (pytorch-fid's block 3); the logits without fc's bias are IS's (the original
// Inception Score code multiplies pool3 by the softmax layer's weight alone; torch-fidelity's 'logits_unbiased').
// Inference only: batch norms are folded into the convolutions at load (BasicConv2d.swift); no gradients.

import Foundation
import NN
import SafeTensors
import Tensors

/// What one forward pass gives for a batch.
public struct InceptionOutput {
    /// pool3 features (N, 2048): FID and KID.
    public let pool3: Tensor
    /// fc(pool3) with its bias (N, 1008): the network's logits.
    public let logits: Tensor
    /// pool3 · fc.weightᵀ without the bias (N, 1008): the Inception Score's logits.
    public let unbiasedLogits: Tensor
}

public final class InceptionV3: Module {
    /// The side the images are resized to (pytorch-fid's resize_input).
    public static let inputSize = 299
    /// pool3's width and the number of classes of the 2015-12-05 graph.
    public static let featureCount = 2048, classCount = 1008

    // Property names are the PyTorch keys (torchvision's Inception3 as patched by fid_inception_v3).
    public let Conv2d_1a_3x3: BasicConv2d
    public let Conv2d_2a_3x3: BasicConv2d
    public let Conv2d_2b_3x3: BasicConv2d
    public let Conv2d_3b_1x1: BasicConv2d
    public let Conv2d_4a_3x3: BasicConv2d
    public let Mixed_5b: InceptionA
    public let Mixed_5c: InceptionA
    public let Mixed_5d: InceptionA
    public let Mixed_6a: InceptionB
    public let Mixed_6b: InceptionC
    public let Mixed_6c: InceptionC
    public let Mixed_6d: InceptionC
    public let Mixed_6e: InceptionC
    public let Mixed_7a: InceptionD
    public let Mixed_7b: InceptionE
    public let Mixed_7c: InceptionE
    public let fc: Linear

    /// The network with every weight zero: load weights into it (`load(contentsOf:)` of NN, then `prepare()`),
    /// or use `init(contentsOf:)`.
    public override init() {
        Conv2d_1a_3x3 = BasicConv2d(3, 32, kernel: 3, stride: 2)
        Conv2d_2a_3x3 = BasicConv2d(32, 32, kernel: 3)
        Conv2d_2b_3x3 = BasicConv2d(32, 64, kernel: 3, padding: 1)
        Conv2d_3b_1x1 = BasicConv2d(64, 80, kernel: 1)
        Conv2d_4a_3x3 = BasicConv2d(80, 192, kernel: 3)
        Mixed_5b = InceptionA(inputChannels: 192, poolFeatures: 32)
        Mixed_5c = InceptionA(inputChannels: 256, poolFeatures: 64)
        Mixed_5d = InceptionA(inputChannels: 288, poolFeatures: 64)
        Mixed_6a = InceptionB(inputChannels: 288)
        Mixed_6b = InceptionC(inputChannels: 768, channels7x7: 128)
        Mixed_6c = InceptionC(inputChannels: 768, channels7x7: 160)
        Mixed_6d = InceptionC(inputChannels: 768, channels7x7: 160)
        Mixed_6e = InceptionC(inputChannels: 768, channels7x7: 192)
        Mixed_7a = InceptionD(inputChannels: 768)
        Mixed_7b = InceptionE(inputChannels: 1280, pool: .average)
        Mixed_7c = InceptionE(inputChannels: 2048, pool: .max)
        var rng = RNG(seed: 0)   // overwritten by the load
        fc = Linear(inputFeatures: Self.featureCount, outputFeatures: Self.classCount, rng: &rng)
        super.init()
        eval()
        freeze()
    }

    /// Loads pytorch-fid's weights from a safetensors file. Throws `InceptionError` naming the file: missing,
    /// unreadable, or not this network (every missing, unexpected and mis-shaped key).
    public convenience init(contentsOf url: URL) throws {
        self.init()
        guard FileManager.default.fileExists(atPath: url.path) else { throw InceptionError.fileNotFound(path: url.path) }
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile(contentsOf: url) } catch {
            throw InceptionError.unreadable(path: url.path, reason: String(describing: error))
        }
        do { try load(file, strict: true) } catch let ModuleLoadError.stateDictMismatch(_, _, report) {
            throw InceptionError.notInception(path: url.path, report: report)
        } catch {
            throw InceptionError.unreadable(path: url.path, reason: String(describing: error))
        }
        prepare()
    }

    /// The weights file named by `path`, else by `$PROGANSR_INCEPTION`; `InceptionError.noWeightsFile` if neither.
    public static func weightsURL(_ path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let path, !path.isEmpty { return URL(fileURLWithPath: path) }
        if let env = environment["PROGANSR_INCEPTION"], !env.isEmpty { return URL(fileURLWithPath: env) }
        throw InceptionError.noWeightsFile
    }

    /// Folds every batch norm into its convolution; call after loading weights by hand.
    public func prepare() {
        for (_, m) in namedModules() { (m as? BasicConv2d)?.fold() }
    }

    /// The 2048-d pool3 features of images (N, 3, H, W) in [0, 1] at any size, and the logits.
    public func callAsFunction(_ images: Tensor) -> InceptionOutput {
        precondition(images.rank == 4 && images.shape[1] == 3, "InceptionV3: images \(images.shape) must be (N, 3, H, W)")
        return withoutGrad {
            let s = Self.inputSize
            var x = images.resizedBilinear(height: s, width: s) * 2 - 1
            x = Conv2d_2b_3x3(Conv2d_2a_3x3(Conv2d_1a_3x3(x))).maxPool2d(kernel: 3, stride: 2)
            x = Conv2d_4a_3x3(Conv2d_3b_1x1(x)).maxPool2d(kernel: 3, stride: 2)
            x = Mixed_5d(Mixed_5c(Mixed_5b(x)))
            x = Mixed_6e(Mixed_6d(Mixed_6c(Mixed_6b(Mixed_6a(x)))))
            x = Mixed_7c(Mixed_7b(Mixed_7a(x)))
            let pool3 = x.mean(axes: [2, 3])
            let unbiased = Tensor.matmul(pool3, fc.weight.value, transposeB: true)
            return InceptionOutput(pool3: pool3, logits: unbiased + fc.bias!.value, unbiasedLogits: unbiased)
        }
    }
}
