import Synchronization

/// A store that keeps tokens in memory, for unit tests of the rules around stores.
public final class InMemoryCredentialStore: CredentialStore {
    private let tokens: Mutex<[CredentialKey: PersonalAccessToken]>

    public init(_ tokens: [CredentialKey: PersonalAccessToken] = [:]) {
        self.tokens = Mutex(tokens)
    }

    public var kind: StoreKind { .memory }
    public var location: String { "memory" }

    public func storedKeys() throws(CredentialError) -> [CredentialKey] {
        tokens.withLock { $0.keys.sorted() }
    }

    public func token(for key: CredentialKey) throws(CredentialError) -> PersonalAccessToken? {
        tokens.withLock { $0[key] }
    }

    @discardableResult
    public func store(_ token: PersonalAccessToken, for key: CredentialKey) throws(CredentialError)
        -> [String]
    {
        tokens.withLock { $0[key] = token }
        return []
    }

    public func remove(_ keys: [CredentialKey]) throws(CredentialError) -> [CredentialKey] {
        tokens.withLock { tokens in keys.filter { tokens.removeValue(forKey: $0) != nil } }
    }
}
