// Loading an SRResNet from a safetensors file whose architecture is read from its keys: a trained
// generator.safetensors (bare keys), a run checkpoint (keys under "generator."), or SRGAN-PyTorch's public
// weights converted to safetensors (README, "Stage two").

import Foundation
import NN
import Runs
import SafeTensors
import Tensors

extension SRResNet {
    /// The SRResNet described by `url`'s keys (channels from conv1.0.weight, blocks from trunk.N, the factor
    /// from upsampling.N), with its weights, in eval mode. A file whose keys do not describe an SRResNet gets
    /// the strict loader's full list of missing, unexpected and mis-shaped keys against the published
    /// 16-block, 64-channel ×4 model.
    public static func load(contentsOf url: URL) throws -> SRResNet {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            throw SRGANError.notAModel(path: url.path, reason: "it is a folder; give a weights file, such as a stage-two run's generator.safetensors")
        }
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile(contentsOf: url) } catch {
            throw SRGANError.notAModel(path: url.path, reason: "\(error)")
        }
        let prefix = file.names.contains("generator.conv1.0.weight") ? "generator." : ""
        let keys = file.names.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        // A stage-one checkpoint is the likely mix-up: say so rather than list every key a strict load would miss
        // (other foreign files get that list, which shows what they hold).
        if !keys.contains("conv1.0.weight") && CheckpointMetadata.stage(of: file.metadata) == RunFolder.stageOne {
            throw SRGANError.notAModel(path: url.path, reason:
                "it is a stage-one (ProGAN) checkpoint; give stage two's weights (a stage-two run's generator.safetensors or checkpoint)")
        }
        func indices(under head: String) -> Set<Int> {
            Set(keys.compactMap { key -> Int? in
                guard key.hasPrefix(head) else { return nil }
                return Int(key.dropFirst(head.count).prefix { $0 != "." })
            })
        }
        var model = SRResNet(blocks: 16, channels: 64, upscale: 4, seed: 0)
        if keys.contains("conv1.0.weight"), let shape = try? file.shape(prefix + "conv1.0.weight"), shape.count == 4 {
            let blocks = indices(under: "trunk.").count
            let factor = 1 << indices(under: "upsampling.").count
            if blocks >= 1 && [2, 4, 8].contains(factor) && shape[0] >= 1 {
                model = SRResNet(blocks: blocks, channels: shape[0], upscale: factor, seed: 0)
            }
        }
        try model.load(file, prefix: prefix, strict: true)
        model.eval()
        return model
    }
}
