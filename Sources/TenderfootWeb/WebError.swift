/// Why the web face could not start: one line with what to do.
public struct WebError: Error, CustomStringConvertible, Sendable {
    private enum Reason: Sendable {
        case cannotListen(host: String, port: Int, why: String)
        case noAnswer(host: String, port: Int)
        case missingPage(String)
    }

    private let reason: Reason

    static func cannotListen(host: String, port: Int, why: String) -> WebError { WebError(reason: .cannotListen(host: host, port: port, why: why)) }
    static func noAnswer(host: String, port: Int) -> WebError { WebError(reason: .noAnswer(host: host, port: port)) }
    static func missingPage(_ name: String) -> WebError { WebError(reason: .missingPage(name)) }

    public var description: String {
        switch reason {
        case .cannotListen(let host, let port, let why):
            "the web trainer cannot listen on \(host):\(port) (\(why)) — give another port with --listen HOST:PORT (PORT 0: any free one)"
        case .noAnswer(let host, let port):
            "the web trainer did not start on \(host):\(port) within 10 s — try again, or give another port with --listen"
        case .missingPage(let name):
            "the web trainer's page \(name) is missing from the installation — reinstall Tenderfoot"
        }
    }
}
