/// Where PATs live: the protected file (`FileCredentialStore`) or the Secret Service
/// (`SecretServiceCredentialStore`); tests add an in-memory store that stands in for either.
///
/// Mutating calls are made by `AccountManager` with the directory lock held; implementations do
/// not lock on their own.
public protocol CredentialStore: Sendable {
    var kind: StoreKind { get }
    /// Where the store is, for people: a path, or the keyring's name.
    var location: String { get }

    /// The keys that have a token. Never reads, decrypts or copies a secret.
    func storedKeys() throws(CredentialError) -> [CredentialKey]
    func token(for key: CredentialKey) throws(CredentialError) -> PersonalAccessToken?
    /// Stores the token; returns what went wrong without stopping that, for warnings (one line
    /// each).
    @discardableResult
    func store(_ token: PersonalAccessToken, for key: CredentialKey) throws(CredentialError) -> [String]
    /// Removes the keys in one change; returns those that were present.
    func remove(_ keys: [CredentialKey]) throws(CredentialError) -> [CredentialKey]
    /// Problems a person should hear about each time the store is used (one line each).
    func warnings() -> [String]
    /// Whether other users of the machine can read the stored tokens.
    var isReadableByOthers: Bool { get }
}

extension CredentialStore {
    public func warnings() -> [String] { [] }
    public var isReadableByOthers: Bool { false }
}

public enum StoreKind: String, Sendable, Codable, CaseIterable {
    case keyring
    case file
}

/// A store as people see it: what it is and where.
public struct StoreDescription: Sendable, Equatable {
    public let kind: StoreKind
    public let location: String
    public let isReadableByOthers: Bool

    init(_ store: any CredentialStore) {
        kind = store.kind
        location = store.location
        isReadableByOthers = store.isReadableByOthers
    }
}
