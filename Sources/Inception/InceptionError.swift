// What can go wrong when the Inception weights are asked for: no file named, a file that is not there or not
// readable, or a file that is not pytorch-fid's Inception-v3 (every missing, unexpected and mis-shaped key).

import NN

public enum InceptionError: Error, CustomStringConvertible {
    /// No weights file was given (neither `--inception` nor `$PROGANSR_INCEPTION`).
    case noWeightsFile
    /// The file does not exist.
    case fileNotFound(path: String)
    /// The file exists but is not a readable safetensors file.
    case unreadable(path: String, reason: String)
    /// The file's keys are not those of pytorch-fid's Inception-v3 (FID weights, 1008 classes).
    case notInception(path: String, report: LoadReport)

    /// How to make the weights file, for every message that needs it.
    public static let howToMakeTheFile = """
        The weights are pytorch-fid's pt_inception-2015-12-05-6726825d.pth (the 2015-12-05 TensorFlow graph that \
        FID and IS are defined with), written once to safetensors with its own key names; README.md, "FID, KID and \
        Inception Score", gives the few lines of Python that do it. Nothing is downloaded at run time.
        """

    public var description: String {
        switch self {
        case .noWeightsFile:
            return "no Inception weights file: pass --inception FILE or set PROGANSR_INCEPTION=FILE.\n" + Self.howToMakeTheFile
        case let .fileNotFound(path):
            return "Inception weights file \(path) does not exist: check the path given to --inception or PROGANSR_INCEPTION.\n"
                + Self.howToMakeTheFile
        case let .unreadable(path, reason):
            return "cannot read the Inception weights file \(path): \(reason)\n" + Self.howToMakeTheFile
        case let .notInception(path, report):
            return "\(path) is not pytorch-fid's Inception-v3 (FID weights, 1008 classes):\n  \(report)\n" + Self.howToMakeTheFile
        }
    }
}
