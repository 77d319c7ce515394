import CredentialCore
import Synchronization

/// A store that keeps tokens in memory, for tests of the rules around stores. The product knows
/// two kinds of store, and this one stands in for either: the file by default (alone, it then
/// changes nothing a real file would not), the keyring beside a real file, for moves and
/// migrations without a Secret Service.
public final class InMemoryCredentialStore: CredentialStore {
    private let tokens: Mutex<[CredentialKey: PersonalAccessToken]>
    public let kind: StoreKind
    public let location: String

    public init(
        _ tokens: [CredentialKey: PersonalAccessToken] = [:], kind: StoreKind = .file,
        location: String = "memory"
    ) {
        self.tokens = Mutex(tokens)
        self.kind = kind
        self.location = location
    }

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
