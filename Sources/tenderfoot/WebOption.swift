import ArgumentParser
import Foundation
import TenderfootLink
import TenderfootWeb

/// Where a browser page is served from: `--listen` and `--web-token`, shared by `--web` and
/// the classroom.
struct WebServing: ParsableArguments {
    static let defaultListen = "127.0.0.1:8470"

    @Option(help: "HOST:PORT to serve the browser page on (PORT 0: any free one). Anything but loopback (127.0.0.1, ::1, localhost), e.g. 0.0.0.0:8470 for a tablet on the room's network, asks every browser for a token, printed in the address.")
    var listen: String = WebServing.defaultListen

    @Option(name: .customLong("web-token"), help: "The token to ask for when listening beyond loopback (default: a new random one each session).")
    var webToken: String?

    /// Whether either was given.
    var given: Bool { listen != Self.defaultListen || webToken != nil }

    /// `--listen` as host and port: HOST:PORT, [IPv6]:PORT, or :PORT (loopback).
    var hostAndPort: (host: String, port: Int)? {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var host = String(listen[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }

    func check() throws {
        guard hostAndPort != nil else {
            throw ValidationError("--listen \(listen) is not HOST:PORT: give e.g. 127.0.0.1:8470, 0.0.0.0:8470 for the room's network, or 127.0.0.1:0 for any free port")
        }
        if let webToken, webToken.count < 8 || !webToken.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            throw ValidationError("--web-token must be at least 8 letters, digits, - or _")
        }
    }

    /// Where to listen, and the token to ask for beyond loopback.
    var options: WebServer.Options {
        let (host, port) = hostAndPort ?? ("127.0.0.1", 8470)
        return WebServer.Options(host: host, port: port,
                                 token: WebServer.Options.isLoopback(host) ? webToken : webToken ?? WebServer.Options.newToken())
    }

    /// Serves `roster` and says where, in one line on standard error (standard output may be
    /// a screen or JSON lines).
    func serve(_ roster: TrainerRoster, what: String) throws -> WebServer {
        let server = try WebServer(roster: roster, options: options)
        let others = server.otherAddresses.isEmpty ? "" : " (or " + server.otherAddresses.joined(separator: ", ") + ")"
        StandardStreams.error("Open \(what) in a browser: \(server.address)\(others)")
        return server
    }
}

/// `--web` and `--web-only`, for the commands that can show a session in a browser beside the terminal.
struct WebOption: ParsableArguments {
    @Flag(help: "Also show the live trainer in a browser: big colour gauges, the force plot, the warnings with their advice, sound. Prints the address to open.")
    var web = false

    @Flag(name: .customLong("web-only"), help: "The browser only: no terminal screen (the session's summary is still printed at its end). Implies --web.")
    var webOnly = false

    @Flag(name: .customLong("wait-for-page"), help: "Start the glove only once a browser page has opened the trainer, so the page shows the session from its first sample (Ctrl-C gives up).")
    var waitForPage = false

    @OptionGroup var serving: WebServing

    /// Whether the session is served to a browser.
    var wanted: Bool { web || webOnly }

    func check(json: Bool) throws {
        guard wanted else {
            if serving.given { throw ValidationError("--listen and --web-token go with --web") }
            if waitForPage { throw ValidationError("--wait-for-page goes with --web or --web-only") }
            return
        }
        try serving.check()
        if webOnly && json { throw ValidationError("--web-only shows the session in the browser alone: leave out --json") }
    }
}
