// A fresh temporary folder per test, removed afterwards.

import Foundation

final class TempFolder {
    let url: URL

    init(_ name: String = "imaging") {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("progansr-\(name)-\(UUID().uuidString)", isDirectory: true)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ data: Data) -> String {
        let p = path(name)
        try! FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! data.write(to: URL(fileURLWithPath: p))
        return p
    }
}
