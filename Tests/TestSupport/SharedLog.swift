import Synchronization

/// Lines collected from several threads, for failures found by workers that cannot record an
/// issue themselves.
public final class SharedLog: Sendable {
    private let lines = Mutex<[String]>([])

    public init() {}

    public func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    public var all: [String] { lines.withLock { $0 } }
}
