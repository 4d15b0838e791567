// Errors of comparing two folders image by image (`eval sr`): what does not match, named.

public enum EvalError: Error, CustomStringConvertible {
    /// The two folders do not hold the same file names; `differing` are the names only one of them holds.
    case namesDiffer(String, String, differing: [String])

    public var description: String {
        switch self {
        case let .namesDiffer(a, b, differing):
            return "\(a) and \(b) must hold the same file names; \(differing.count) differ: \(differing.prefix(5).joined(separator: ", "))"
        }
    }
}
