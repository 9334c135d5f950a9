import ArgumentParser
import Foundation
import TenderfootLink
import TenderfootWeb

/// Where a browser page is served from: `--web-port`, `--web-host` and `--web-token`, shared by
/// `--web` and the classroom.
struct WebServing: ParsableArguments {
    static let defaultPort = 8470
    static let defaultHost = "127.0.0.1"

    @Option(name: .customLong("web-port"), help: "The port the browser page is served on (0: any free one).")
    var webPort: Int = WebServing.defaultPort

    @Option(name: .customLong("web-host"), help: "The address to listen on. Anything but loopback (127.0.0.1, ::1, localhost) asks every browser for a token, printed in the address.")
    var webHost: String = WebServing.defaultHost

    @Option(name: .customLong("web-token"), help: "The token to ask for when listening beyond loopback (default: a new random one each session).")
    var webToken: String?

    /// Whether any of them was given.
    var given: Bool { webPort != Self.defaultPort || webHost != Self.defaultHost || webToken != nil }

    func check() throws {
        guard (0...65535).contains(webPort) else { throw ValidationError("--web-port \(webPort) is out of range: give 1 to 65535, or 0 for any free port") }
        if let webToken, webToken.count < 8 || !webToken.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            throw ValidationError("--web-token must be at least 8 letters, digits, - or _")
        }
    }

    /// Where to listen, and the token to ask for beyond loopback.
    var options: WebServer.Options {
        WebServer.Options(host: webHost, port: webPort,
                          token: WebServer.Options.isLoopback(webHost) ? webToken : webToken ?? WebServer.Options.newToken())
    }

    /// Serves `roster` and says where, in one line on standard error (standard output may be
    /// a screen or JSON lines).
    func serve(_ roster: TrainerRoster, what: String) throws -> WebServer {
        let server = try WebServer(roster: roster, options: options)
        StandardStreams.error("Open \(what) in a browser: \(server.address)")
        return server
    }
}

/// `--web` and `--web-only`, for the commands that can show a session in a browser beside the terminal.
struct WebOption: ParsableArguments {
    @Flag(help: "Also show the live trainer in a browser: big colour gauges, the force plot, the warnings with their advice, sound. Prints the address to open.")
    var web = false

    @Flag(name: .customLong("web-only"), help: "The browser only: no terminal screen (the session's summary is still printed at its end). Implies --web.")
    var webOnly = false

    @OptionGroup var serving: WebServing

    /// Whether the session is served to a browser.
    var wanted: Bool { web || webOnly }

    func check(json: Bool) throws {
        guard wanted else {
            if serving.given { throw ValidationError("--web-port, --web-host and --web-token go with --web") }
            return
        }
        try serving.check()
        if webOnly && json { throw ValidationError("--web-only shows the session in the browser alone: leave out --json") }
    }
}
