// The perceptual ("content") terms of SRGAN's generator loss (Ledig et al. 2017 §2.2.1):
//   vgg19:      mean((φ(G(lr)) − φ(hr))²), φ = VGG19 features at one layer, on ImageNet-normalised input;
//   d-features: mean over D's leaky-ReLU outputs of mean|D_k(G(lr)) − D_k(hr)| (pix2pixHD's feature matching,
//               Wang et al. 2018 eq. 4), the fallback when no VGG19 weights are at hand.

import Foundation
import NN
import SafeTensors
import Tensors

public enum PerceptualLoss {
    /// The VGG19 feature extractor up to `layer` ("relu5_4", …) with torchvision's weights from `url`
    /// (keys `features.N.weight|bias`; deeper layers and the classifier, if present, are ignored).
    /// A file lacking a needed key or with a mis-shaped one gets the loader's full list.
    public static func vgg19(weights url: URL, layer: String) throws -> VGG19Features {
        guard let index = VGG19Features.layerIndex[layer] else {
            throw SRGANError.invalidConfig(field: "vggLayer", reason: "unknown layer \(layer)")
        }
        guard FileManager.default.fileExists(atPath: url.path) else { throw SRGANError.vgg19Missing(path: url.path) }
        let vgg = VGG19Features(upTo: index, seed: 0)
        let file = try SafeTensorsFile(contentsOf: url)
        let report = try vgg.load(file, strict: false)
        if !report.missing.isEmpty || !report.shapeMismatches.isEmpty {
            var needed = report
            needed.unexpected = []
            throw ModuleLoadError.stateDictMismatch(model: "VGG19Features (up to \(layer))", source: url.path, report: needed)
        }
        vgg.freeze()
        vgg.eval()
        return vgg
    }

    /// VGG feature MSE; the target's features carry no gradient.
    public static func vggDistance(_ vgg: VGG19Features, _ output: Tensor, _ target: Tensor) -> Tensor {
        let targetFeatures = withoutGrad { vgg(target) }
        return Tensor.mse(vgg(output), targetFeatures)
    }

    /// pix2pixHD's feature matching: the mean over layers of the L1 distance of the features.
    public static func featureMatching(fake: [Tensor], real: [Tensor]) -> Tensor {
        precondition(fake.count == real.count && !fake.isEmpty, "featureMatching: \(fake.count) fake vs \(real.count) real feature maps")
        let terms = zip(fake, real).map { Tensor.l1($0, $1.detached()) }
        return terms.dropFirst().reduce(terms[0], +) * (1 / Float(terms.count))
    }
}
