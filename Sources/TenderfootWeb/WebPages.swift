import Foundation
import Hummingbird

/// The page's files (HTML, CSS, script, all of it: nothing is fetched from the network), read
/// once from the package's resources.
struct WebPages: Sendable {
    struct File: Sendable {
        var bytes: [UInt8]
        var contentType: String
    }

    static let names = ["trainer.html", "classroom.html", "trainer.css", "shared.js", "sounds.js", "trainer.js", "classroom.js"]
    let files: [String: File]

    init() throws(WebError) {
        var files: [String: File] = [:]
        for name in Self.names {
            let parts = name.split(separator: ".")
            guard let url = Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Page"),
                  let data = FileManager.default.contents(atPath: url.path) else { throw .missingPage(name) }
            files[name] = File(bytes: [UInt8](data), contentType: Self.contentType(String(parts[1])))
        }
        self.files = files
    }

    /// The file `name` as an answer (404 for a name that is not one of the page's files).
    func response(_ name: String) -> Response {
        guard let file = files[name] else { return Response(status: .notFound) }
        return Response(status: .ok, headers: [.contentType: file.contentType, .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    static func contentType(_ suffix: String) -> String {
        switch suffix {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        default: "text/javascript; charset=utf-8"
        }
    }
}
