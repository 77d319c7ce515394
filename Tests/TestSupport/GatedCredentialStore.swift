import CredentialCore
import Dispatch
import Synchronization

/// A keyring that takes its time: every listing and read waits at a gate until the test opens
/// it, as a Secret Service call waits for a slow daemon until its deadline. Each call says when
/// it has started waiting, so a test can tell how many are blocked at once.
public final class GatedCredentialStore: CredentialStore {
    public let tokens: InMemoryCredentialStore
    private let started = DispatchSemaphore(value: 0)
    /// Entered once: closed until `open` leaves it.
    private let gate = DispatchGroup()
    private let isOpen = Mutex(false)
    /// A watchdog: a call goes on by itself after this long, so that a test that fails does
    /// not hang. Generous: in the whole suite, other tests can hold the cooperative pool (and so
    /// the start of the calls under test) for a minute or more on a busy machine.
    private let patience: DispatchTimeInterval

    public init(_ tokens: InMemoryCredentialStore, patience: DispatchTimeInterval = .seconds(300)) {
        self.tokens = tokens
        self.patience = patience
        gate.enter()
    }

    public var kind: StoreKind { tokens.kind }
    public var location: String { tokens.location }

    /// Whether `count` calls have started waiting, within `watchdog`. Blocks its thread: call it
    /// through `Blocking.run`.
    public func waitUntilWaiting(_ count: Int, watchdog: DispatchTimeInterval = .seconds(240)) -> Bool {
        let deadline = DispatchTime.now() + watchdog
        return (0..<count).allSatisfy { _ in started.wait(timeout: deadline) == .success }
    }

    /// Lets every waiting call go on, and every later one pass.
    public func open() {
        let wasOpen = isOpen.withLock { isOpen in
            defer { isOpen = true }
            return isOpen
        }
        if !wasOpen { gate.leave() }
    }

    deinit { open() }

    private func pass() {
        started.signal()
        _ = gate.wait(timeout: .now() + patience)
    }

    public func storedKeys() throws(CredentialError) -> [CredentialKey] {
        pass()
        return try tokens.storedKeys()
    }

    public func token(for key: CredentialKey) throws(CredentialError) -> PersonalAccessToken? {
        pass()
        return try tokens.token(for: key)
    }

    public func store(_ token: PersonalAccessToken, for key: CredentialKey) throws(CredentialError)
        -> [String]
    {
        try tokens.store(token, for: key)
    }

    public func remove(_ keys: [CredentialKey]) throws(CredentialError) -> [CredentialKey] {
        try tokens.remove(keys)
    }
}
