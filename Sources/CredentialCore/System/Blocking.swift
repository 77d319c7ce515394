import Dispatch

/// The one way from async code to a call that blocks its thread: a keyring call (up to its 5 s
/// deadline), the directory lock's wait, a file read under a lease, libcurl, a child process.
///
/// Swift's cooperative pool has one thread per core, two on a small machine; a call that
/// blocks one of them holds up every task of the process, and two keep the TUI's answers and
/// `verify --all`'s other checks waiting for a keyring that takes its time. Here the call gets
/// a thread of its own and the caller is suspended, holding none, until it returns.
public enum Blocking {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            // A serial queue of its own targets libdispatch's overcommitting pool, which starts
            // another thread whenever every one it has is busy; never a thread of the
            // cooperative pool.
            DispatchQueue(label: "ado-accounts.blocking").async {
                continuation.resume(returning: body())
            }
        }
    }

    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws(CredentialError) -> T)
        async throws(CredentialError) -> T
    {
        try await run { () -> Result<T, CredentialError> in Result(catching: body) }.get()
    }
}
