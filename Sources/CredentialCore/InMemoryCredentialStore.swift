import Synchronization

/// A store that keeps tokens in memory, for unit tests of the rules around stores.
public final class InMemoryCredentialStore: CredentialStore {
    private let tokens: Mutex<[CredentialKey: PersonalAccessToken]>
    private let failure: Mutex<CredentialError?> = Mutex(nil)

    public init(_ tokens: [CredentialKey: PersonalAccessToken] = [:]) {
        self.tokens = Mutex(tokens)
    }

    public var kind: StoreKind { .memory }
    public var location: String { "memory" }

    /// Makes every later call fail, as a keyring that went away would.
    public func failNextCalls(with error: CredentialError?) {
        failure.withLock { $0 = error }
    }

    public func storedKeys() throws(CredentialError) -> [CredentialKey] {
        try check()
        return tokens.withLock { $0.keys.sorted() }
    }

    public func token(for key: CredentialKey) throws(CredentialError) -> PersonalAccessToken? {
        try check()
        return tokens.withLock { $0[key] }
    }

    @discardableResult
    public func store(_ token: PersonalAccessToken, for key: CredentialKey) throws(CredentialError)
        -> [String]
    {
        try check()
        tokens.withLock { $0[key] = token }
        return []
    }

    public func remove(_ keys: [CredentialKey]) throws(CredentialError) -> [CredentialKey] {
        try check()
        return tokens.withLock { tokens in keys.filter { tokens.removeValue(forKey: $0) != nil } }
    }

    private func check() throws(CredentialError) {
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
