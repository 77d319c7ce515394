#if canImport(Glibc)
    import Glibc
#endif
#if DEBUG
    import Synchronization
#endif

/// Named steps of a change at which a debug build can be made to kill itself, so that tests
/// interrupt a write at every step in turn, deterministically, instead of killing at random
/// moments and hoping some kills land where it matters. Release builds compile this to nothing.
///
/// - `ADO_ACCOUNTS_CRASH_TRACE=path`: every step reached is appended to `path`, one name a line,
///   so a test learns the steps a command goes through.
/// - `ADO_ACCOUNTS_CRASH_AT=name` (or `name#N`, the Nth time it is reached): SIGKILL at that step.
/// - `ADO_ACCOUNTS_STOP_AT=name` (or `name#N`): SIGSTOP at that step, so that a test can act
///   (start another program, watch a lock) while the process stands exactly there, then SIGCONT.
enum CrashPoint {
    @inline(__always)
    static func reach(_ name: StaticString) {
        #if DEBUG
            Hook.shared?.reach(name.description)
        #endif
    }

    #if DEBUG
        private final class Hook: Sendable {
            static let shared = Hook()

            let target: (name: String, occurrence: Int)?
            let stop: (name: String, occurrence: Int)?
            let tracePath: String?
            let counts = Mutex<[String: Int]>([:])

            init?() {
                let at = getenv("ADO_ACCOUNTS_CRASH_AT").map { String(cString: $0) }
                let stopAt = getenv("ADO_ACCOUNTS_STOP_AT").map { String(cString: $0) }
                let trace = getenv("ADO_ACCOUNTS_CRASH_TRACE").map { String(cString: $0) }
                guard at != nil || stopAt != nil || trace != nil else { return nil }
                tracePath = trace
                target = Self.step(at)
                stop = Self.step(stopAt)
            }

            private static func step(_ text: String?) -> (name: String, occurrence: Int)? {
                guard let text, !text.isEmpty else { return nil }
                let parts = text.split(separator: "#", maxSplits: 1)
                return (String(parts[0]), parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
            }

            func reach(_ name: String) {
                let occurrence = counts.withLock { counts in
                    counts[name, default: 0] += 1
                    return counts[name]!
                }
                if let tracePath {
                    let descriptor = open(tracePath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
                    if descriptor >= 0 {
                        let line = Array((name + "\n").utf8)
                        _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                        close(descriptor)
                    }
                }
                if let target, target.name == name, target.occurrence == occurrence {
                    kill(getpid(), SIGKILL)
                }
                // raise, not kill(getpid()): a signal to the process may be taken by another thread
                // while this one runs on past the step for a moment; raise stops this one first.
                if let stop, stop.name == name, stop.occurrence == occurrence {
                    raise(SIGSTOP)
                }
            }
        }
    #endif
}
