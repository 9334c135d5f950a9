import Dispatch
import Glibc
import Synchronization

/// Turns Ctrl-C (SIGINT), SIGTERM and a closed terminal (SIGHUP) into a flag the command's loop
/// checks, so it can stop the glove, close the recording and exit cleanly.
final class InterruptFlag: @unchecked Sendable {
    private let raised = Atomic<Bool>(false)
    /// Kept alive for as long as the flag is; written once, in `init`.
    private var sources: [DispatchSourceSignal] = []

    var isRaised: Bool { raised.load(ordering: .acquiring) }

    private init() {}

    static func installed() -> InterruptFlag {
        let flag = InterruptFlag()
        flag.sources = [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { flag.raised.store(true, ordering: .releasing) }
            source.resume()
            return source
        }
        return flag
    }
}
