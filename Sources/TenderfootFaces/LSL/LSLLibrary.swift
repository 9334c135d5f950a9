import Glibc

/// liblsl, the Lab Streaming Layer's C library, loaded at run time (`dlopen`): Tenderfoot
/// builds and runs without it, and `--lsl` says in one line how to get it when it is missing.
/// Every call into the library is here, each through the function pointer `dlsym` found.
final class LSLLibrary: @unchecked Sendable {
    /// An outlet, or a stream's description while it is made.
    typealias Handle = OpaquePointer

    /// liblsl's `lsl_channel_format_t`.
    enum ChannelFormat: Int32 {
        case float32 = 1
        case string = 3
    }

    private let library: UnsafeMutableRawPointer
    private let createStreamInfo: @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, Int32, Double, Int32, UnsafePointer<CChar>) -> Handle?
    private let destroyStreamInfo: @convention(c) (Handle) -> Void
    private let getDescription: @convention(c) (Handle) -> Handle?
    private let appendChild: @convention(c) (Handle, UnsafePointer<CChar>) -> Handle?
    private let appendChildValue: @convention(c) (Handle, UnsafePointer<CChar>, UnsafePointer<CChar>) -> Handle?
    private let createOutlet: @convention(c) (Handle, Int32, Int32) -> Handle?
    private let destroyOutletFunction: @convention(c) (Handle) -> Void
    private let pushFloats: @convention(c) (Handle, UnsafePointer<Float>, Double, Int32) -> Int32
    private let pushStrings: @convention(c) (Handle, UnsafePointer<UnsafePointer<CChar>?>, Double, Int32) -> Int32
    private let localClockFunction: @convention(c) () -> Double
    private let waitForConsumers: @convention(c) (Handle, Double) -> Int32
    private let haveConsumersFunction: @convention(c) (Handle) -> Int32
    /// The library's version (118: 1.18).
    let version: Int32

    /// The names tried when no path is given, in order.
    static let names = ["liblsl.so.2", "liblsl.so"]

    /// Loads liblsl from `path`, or by its usual names from the system's library path.
    static func load(_ path: String?) throws(LSLError) -> LSLLibrary {
        var reasons: [String] = []
        for candidate in path.map({ [$0] }) ?? names {
            if let handle = dlopen(candidate, RTLD_NOW | RTLD_LOCAL) {
                return try LSLLibrary(handle, name: candidate)
            }
            reasons.append(dlerror().map { String(cString: $0) } ?? candidate)
        }
        throw LSLError(.missing(reasons.joined(separator: "; ")))
    }

    private init(_ library: UnsafeMutableRawPointer, name: String) throws(LSLError) {
        self.library = library
        func symbol<T>(_ symbol: String, as type: T.Type) throws(LSLError) -> T {
            guard let pointer = dlsym(library, symbol) else { throw LSLError(.symbol(symbol, library: name)) }
            return unsafeBitCast(pointer, to: type)
        }
        createStreamInfo = try symbol("lsl_create_streaminfo", as: type(of: createStreamInfo))
        destroyStreamInfo = try symbol("lsl_destroy_streaminfo", as: type(of: destroyStreamInfo))
        getDescription = try symbol("lsl_get_desc", as: type(of: getDescription))
        appendChild = try symbol("lsl_append_child", as: type(of: appendChild))
        appendChildValue = try symbol("lsl_append_child_value", as: type(of: appendChildValue))
        createOutlet = try symbol("lsl_create_outlet", as: type(of: createOutlet))
        destroyOutletFunction = try symbol("lsl_destroy_outlet", as: type(of: destroyOutletFunction))
        pushFloats = try symbol("lsl_push_sample_ftp", as: type(of: pushFloats))
        pushStrings = try symbol("lsl_push_sample_strtp", as: type(of: pushStrings))
        localClockFunction = try symbol("lsl_local_clock", as: type(of: localClockFunction))
        waitForConsumers = try symbol("lsl_wait_for_consumers", as: type(of: waitForConsumers))
        haveConsumersFunction = try symbol("lsl_have_consumers", as: type(of: haveConsumersFunction))
        let libraryVersion = try symbol("lsl_library_version", as: (@convention(c) () -> Int32).self)
        version = libraryVersion()
        // Its log goes to standard error, where the session's own lines are: errors only (a
        // liblsl older than 1.16 has no such call, and logs as it does).
        if let setConfig = dlsym(library, "lsl_set_config_content") {
            let set = unsafeBitCast(setConfig, to: (@convention(c) (UnsafePointer<CChar>) -> Void).self)
            set("[log]\nlevel = -2\n")
        }
    }

    /// A stream's description as `describe` fills it, made into an outlet (the description is freed).
    func outlet(name: String, type: String, channels: Int, rateHz: Double, format: ChannelFormat, sourceID: String,
                describe: (_ child: (Handle, String) -> Handle?, _ value: (Handle, String, String) -> Void, _ root: Handle) -> Void)
        throws(LSLError) -> Handle {
        guard let info = createStreamInfo(name, type, Int32(channels), rateHz, format.rawValue, sourceID) else {
            throw LSLError(.outlet(name))
        }
        defer { destroyStreamInfo(info) }
        if let root = getDescription(info) {
            describe({ parent, name in appendChild(parent, name) }, { parent, name, value in _ = appendChildValue(parent, name, value) }, root)
        }
        guard let outlet = createOutlet(info, 0, 360) else { throw LSLError(.outlet(name)) }
        return outlet
    }

    func destroy(_ outlet: Handle) { destroyOutletFunction(outlet) }

    /// Pushes one sample of numbers at `timestamp` (liblsl's clock, seconds).
    func push(_ outlet: Handle, _ values: UnsafeBufferPointer<Float>, at timestamp: Double) {
        guard let base = values.baseAddress else { return }
        _ = pushFloats(outlet, base, timestamp, 1)
    }

    /// Pushes one text sample (a marker) at `timestamp`.
    func push(_ outlet: Handle, text: String, at timestamp: Double) {
        text.withCString { pointer in
            var one: UnsafePointer<CChar>? = pointer
            _ = withUnsafePointer(to: &one) { pushStrings(outlet, $0, timestamp, 1) }
        }
    }

    /// liblsl's clock now, seconds (the clock LabRecorder and every inlet time stamps by).
    var localClock: Double { localClockFunction() }

    /// Waits up to `seconds` for an inlet to connect to `outlet`; whether one did.
    func waitForConsumer(_ outlet: Handle, seconds: Double) -> Bool { waitForConsumers(outlet, seconds) != 0 }

    /// Whether an inlet is connected to `outlet` now.
    func hasConsumers(_ outlet: Handle) -> Bool { haveConsumersFunction(outlet) != 0 }
}

/// Why the LSL outlets could not be made: one line with what to do.
public struct LSLError: Error, CustomStringConvertible, Sendable {
    fileprivate enum Cause: Sendable {
        case missing(String)
        case symbol(String, library: String)
        case outlet(String)
    }

    private let cause: Cause
    fileprivate init(_ cause: Cause) { self.cause = cause }

    public var description: String {
        switch cause {
        case .missing(let reasons):
            return "--lsl needs liblsl, the Lab Streaming Layer's library, and none was found (\(reasons)) — "
                + "`pip install pylsl` brings one: give its lib/liblsl.so with --lsl-library PATH (or set TENDERFOOT_LSL_LIBRARY)"
        case .symbol(let symbol, let library):
            return "\(library) has no \(symbol): it is not liblsl 1.14 or newer — give another with --lsl-library PATH"
        case .outlet(let name):
            return "liblsl could not make the outlet \(name) — check the network settings of LSL (lsl_api.cfg)"
        }
    }
}
