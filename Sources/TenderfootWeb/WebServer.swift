import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import TenderfootLink
import TenderfootFaces
import TenderfootRules

/// The web face's server (Hummingbird, HTTP/1 with WebSocket upgrade): the trainer page for each
/// glove of its roster, the classroom page for a classroom, and one WebSocket per page carrying
/// its glove's frames. It listens on loopback unless told otherwise, and then every request must
/// carry the token it was started with (`?token=`), as the address it prints does.
public final class WebServer: Sendable {
    /// Where it listens and what it asks for.
    public struct Options: Sendable {
        public var host: String
        /// 0: any free port.
        public var port: Int
        /// Asked of every request; nil: none (loopback only).
        public var token: String?

        public init(host: String, port: Int, token: String?) {
            self.host = host
            self.port = port
            self.token = token
        }

        /// Whether `host` is this machine only.
        public static func isLoopback(_ host: String) -> Bool {
            host == "localhost" || host == "::1" || host.hasPrefix("127.")
        }

        /// A new random token: 128 bits, in hex.
        public static func newToken() -> String {
            var generator = SystemRandomNumberGenerator()
            return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        }
    }

    /// The cookie a page keeps the token in.
    static let tokenCookie = "tenderfoot_token"

    /// The address to open (with the token when one is asked for).
    public let address: String
    /// The same page at this machine's other addresses, when it listens on every interface.
    public let otherAddresses: [String]
    /// The port listened on.
    public let port: Int
    private let task: Task<Void, any Error>
    private let ended = DispatchSemaphore(value: 0)

    /// Starts serving `roster` and returns once it listens.
    public init(roster: TrainerRoster, options: Options) throws(WebError) {
        let pages = try WebPages()
        let router = Router(context: BasicWebSocketRequestContext.self)
        if let token = options.token { router.add(middleware: TokenCheck(token: token)) }
        router.add(middleware: HeadersMiddleware())
        Self.addRoutes(router, roster: roster, pages: pages)
        let started = DispatchSemaphore(value: 0)
        let outcome = Locked<Result<Int, WebError>?>(nil)
        let (host, requestedPort) = (options.host, options.port)
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: .init(address: .hostname(host, port: requestedPort), serverName: "Tenderfoot"),
            onServerRunning: { channel in
                outcome.withLock { $0 = .success(channel.localAddress?.port ?? requestedPort) }
                started.signal()
            },
            logger: Logger(label: "tenderfoot-web") { _ in SwiftLogNoOpLogHandler() })
        let ended = self.ended
        task = Task.detached {
            defer { ended.signal() }
            do {
                try await app.run()
            } catch {
                outcome.withLock { if $0 == nil { $0 = .failure(.cannotListen(host: host, port: requestedPort, why: "\(error)")) } }
                started.signal()
            }
        }
        guard started.wait(timeout: .now() + 10) == .success, let result = outcome.withLock({ $0 }) else {
            task.cancel()
            throw .noAnswer(host: host, port: requestedPort)
        }
        switch result {
        case .success(let port): self.port = port
        case .failure(let error): throw error
        }
        let hosts = Self.reachableHosts(listening: host)
        let listening = self.port, query = options.token.map { "?token=\($0)" } ?? ""
        let urls = hosts.map { named in "http://\(named.contains(":") ? "[\(named)]" : named):\(listening)/" + query }
        address = urls[0]
        otherAddresses = Array(urls.dropFirst())
    }

    /// The hosts others reach a server listening on `host` by. On every interface (0.0.0.0, or
    /// :: with IPv6 too), this machine's own addresses (loopback and link-local left out: a
    /// tablet on the room's network may not resolve the machine's name), its name if it has
    /// none; else `host`.
    static func reachableHosts(listening host: String) -> [String] {
        guard host == "0.0.0.0" || host == "::" else { return [host] }
        let addresses = Host.current().addresses.filter { address in
            let isV6 = address.contains(":")
            if isV6 { return host == "::" && address != "::1" && !address.lowercased().hasPrefix("fe80") }
            return !address.hasPrefix("127.") && !address.hasPrefix("169.254.")
        }
        // IPv4 first: what a tablet most likely types or scans.
        let ordered = addresses.filter { !$0.contains(":") } + addresses.filter { $0.contains(":") }
        return ordered.isEmpty ? [ProcessInfo.processInfo.hostName] : ordered
    }

    /// Stops serving (pages keep what they last showed) and waits up to 5 s for the server to close.
    public func stop() {
        task.cancel()
        _ = ended.wait(timeout: .now() + 5)
    }

    private static func addRoutes(_ router: Router<BasicWebSocketRequestContext>, roster: TrainerRoster, pages: WebPages) {
        let home = roster.isClassroom ? "classroom.html" : "trainer.html"
        router.get("/") { _, _ in pages.response(home) }
        router.get("/report") { request, _ in
            guard let id = request.uri.queryParameters["glove"].map(String.init), let report = roster.channel(id)?.report else {
                return Response.fresh(.notFound, type: .text, "The session's report is here once it has ended.\n")
            }
            // The report is one self-contained page: its own inline style and script, nothing else.
            var response = Response.fresh(type: .html, report)
            response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
            return response
        }
        router.get("/stats.json") { _, _ in
            Response.fresh(type: .json, JSONLine.array(roster.all.map(\.deliveryJSON)))
        }
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("/trainer") { _, _ in pages.response("trainer.html") }
        router.get("/page/:file") { _, context in pages.response(context.parameters.get("file") ?? "") }
        router.get("/gloves.json") { _, _ in
            let list = roster.all.map { channel in
                var line = JSONLine()
                line.add("id", channel.id)
                line.add("serial", channel.details.serial)
                line.add("trainee", channel.details.trainee ?? "")
                line.add("age", channel.details.ageMonths)
                line.add("age_words", AgeWords.months(channel.details.ageMonths))
                line.add("calibrated", channel.details.calibrated)
                return line.text
            }
            return Response.fresh(type: .json, JSONLine.array(list))
        }
        router.ws("/ws/:glove") { request, context in
            guard let id = context.parameters.get("glove"), roster.channel(id) != nil else { return .dontUpgrade }
            // A page of another site may not read the session (a browser sends its Origin).
            if let origin = request.headers[.origin], let host = request.head.authority,
               URL(string: origin)?.host.map({ host == $0 || host.hasPrefix($0 + ":") || host.hasPrefix("[" + $0 + "]") }) != true {
                return .dontUpgrade
            }
            return .upgrade()
        } onUpgrade: { inbound, outbound, context in
            guard let id = context.requestContext.parameters.get("glove"), let channel = roster.channel(id) else { return }
            let (page, frames) = channel.watch()
            try await withThrowingTaskGroup(of: Void.self) { group in
                // What the page says: that it watches, each frame it has drawn, and that it has the summary; until it goes.
                group.addTask {
                    for try await message in inbound.messages(maxSize: 256) {
                        guard case .text(let text) = message else { continue }
                        if text == "watching" { channel.pageWatches() }
                        if text == "summary-seen" { channel.summarySeen(by: page) }
                        if text.hasPrefix("drawn "), let seq = UInt64(text.dropFirst(6)) { channel.drawn(seq: seq) }
                    }
                }
                group.addTask { for await frame in frames { try await outbound.write(.text(frame)) } }
                try await group.next()
                group.cancelAll()
            }
        }
    }
}

/// Refuses every request without the server's token, in one line that says what to do. The
/// token comes in the address (`?token=`); the first page that has it sets it as a cookie, so
/// the page's own files and its WebSocket carry it too.
struct TokenCheck<Context: RequestContext>: RouterMiddleware {
    let token: String
    var cookie: String { WebServer.tokenCookie }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let inAddress = request.uri.queryParameters["token"].map(String.init)
        let inCookie = request.headers[.cookie]?.split(separator: ";").lazy
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix(cookie + "=") }
            .map { String($0.dropFirst(cookie.count + 1)) }
        guard Self.same(inAddress ?? inCookie ?? "", token) else {
            return Response.fresh(.unauthorized, type: .text, "This trainer asks for its token: open the address Tenderfoot printed, with its ?token=.\n")
        }
        var response = try await next(request, context)
        if inAddress != nil { response.headers[.setCookie] = "\(cookie)=\(token); Path=/; HttpOnly; SameSite=Strict" }
        return response
    }

    /// Compared in constant time: how long a refusal takes says nothing of the token.
    static func same(_ given: String, _ wanted: String) -> Bool {
        let (given, wanted) = (Array(given.utf8), Array(wanted.utf8))
        var difference = given.count ^ wanted.count
        for index in wanted.indices { difference |= Int(wanted[index] ^ (index < given.count ? given[index] : 0)) }
        return difference == 0
    }
}

/// Every answer says: nothing from elsewhere (no scripts, styles or connections but this server's).
struct HeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'self'; connect-src 'self'; img-src 'self' data:"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }
}
