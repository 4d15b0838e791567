// Where the stage presets (Stages/*.json) are: a file path as given, or a name looked up in ./Stages
// and then in the Stages folder of the checkout this binary was built from.

import Foundation

enum Presets {
    static func url(_ nameOrPath: String) throws -> URL {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        // A file that exists is the preset, whatever its name (its loader says when it is not one).
        if fm.fileExists(atPath: nameOrPath, isDirectory: &isFolder), !isFolder.boolValue { return URL(fileURLWithPath: nameOrPath) }
        if nameOrPath.hasSuffix(".json") || nameOrPath.contains("/") {
            guard fm.fileExists(atPath: nameOrPath) else { throw PresetError.notFound(nameOrPath, searched: [nameOrPath]) }
            return URL(fileURLWithPath: nameOrPath)
        }
        let file = nameOrPath + ".json"
        let candidates = [URL(fileURLWithPath: "Stages").appendingPathComponent(file),
                          URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                              .deletingLastPathComponent().appendingPathComponent("Stages").appendingPathComponent(file)]
        guard let found = candidates.first(where: { fm.fileExists(atPath: $0.path) }) else {
            throw PresetError.notFound(nameOrPath, searched: candidates.map(\.path))
        }
        return found
    }
}

enum PresetError: Error, CustomStringConvertible {
    case notFound(String, searched: [String])
    var description: String {
        switch self {
        case .notFound(let name, let searched):
            return "preset \(name) not found (looked for \(searched.joined(separator: ", "))); name a file or one of Stages/*.json"
        }
    }
}
