import Foundation
import Hummingbird

/// The page's files (HTML, CSS, script, all of it: nothing is fetched from the network), read
/// once from the package's resources.
struct WebPages: Sendable {
    struct File: Sendable {
        var bytes: [UInt8]
        var type: Response.ContentType
    }

    static let names = ["trainer.html", "classroom.html", "trainer.css", "shared.js", "sounds.js", "trainer.js", "classroom.js"]
    let files: [String: File]

    init() throws(WebError) {
        var files: [String: File] = [:]
        for name in Self.names {
            let parts = name.split(separator: ".")
            guard let url = Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Page"),
                  let data = FileManager.default.contents(atPath: url.path) else { throw .missingPage(name) }
            files[name] = File(bytes: [UInt8](data), type: Response.ContentType(suffix: String(parts[1])))
        }
        self.files = files
    }

    /// The file `name` as an answer (404 for a name that is not one of the page's files).
    func response(_ name: String) -> Response {
        guard let file = files[name] else { return Response(status: .notFound) }
        return .fresh(type: file.type, ByteBuffer(bytes: file.bytes))
    }
}

extension Response {
    /// What an answer's body is.
    enum ContentType: String {
        case html = "text/html; charset=utf-8"
        case css = "text/css; charset=utf-8"
        case javascript = "text/javascript; charset=utf-8"
        case json = "application/json"
        case text = "text/plain; charset=utf-8"

        /// The type of a page's file by its name's suffix.
        init(suffix: String) {
            self = switch suffix {
            case "html": .html
            case "css": .css
            case "json": .json
            default: .javascript
            }
        }
    }

    /// An answer that no browser keeps: every page, list and report says the session as it is now.
    static func fresh(_ status: HTTPResponse.Status = .ok, type: ContentType, _ body: ByteBuffer) -> Response {
        Response(status: status, headers: [.contentType: type.rawValue, .cacheControl: "no-store"], body: .init(byteBuffer: body))
    }

    static func fresh(_ status: HTTPResponse.Status = .ok, type: ContentType, _ text: String) -> Response {
        fresh(status, type: type, ByteBuffer(string: text))
    }
}
