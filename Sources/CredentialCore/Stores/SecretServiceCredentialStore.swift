import SecretShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Secret Service (GNOME Keyring, KeePassXC, …), item for item as python-keyring and so
/// `az devops` write it (docs/storage.md §5): default collection; attributes `service` = the key,
/// `username` = `Personal Access Token`, `application` = `Python keyring library`; label
/// `Password for 'Personal Access Token' on '<key>'`; the PAT as `text/plain`. Look-ups match
/// `{service, username}` only, never the schema name.
///
/// Writes store the new item first and then delete every other item that matches, so that a
/// crash in between leaves a duplicate (which `doctor` finds and removes) instead of no token.
///
/// Secrets cross into Swift as `String`s (see `PersonalAccessToken` for what that means); the
/// C buffers they come from are wiped when freed (`ado_secret_free`).
public struct SecretServiceCredentialStore: CredentialStore {
    public static let username = "Personal Access Token"
    public static let application = "Python keyring library"

    /// Bounds every call, so a daemon that hangs costs this long and then an error.
    public let timeoutMilliseconds: Int

    public init(timeoutMilliseconds: Int = 5000) {
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    public var kind: StoreKind { .keyring }
    public var location: String { "Secret Service (default keyring)" }

    public static func label(for key: CredentialKey) -> String {
        "Password for '\(username)' on '\(key.rawValue)'"
    }

    /// One item as a search returns it: its service attribute only.
    public struct Item: Sendable, Equatable {
        public let service: String
        /// The key, when the service attribute is one of az's.
        public var key: CredentialKey? { CredentialKey(stored: service) }
    }

    /// Every item with `username = Personal Access Token`, whatever its service. Never loads a
    /// secret and never prompts.
    public func items() throws(CredentialError) -> [Item] {
        var result = ado_secret_result()
        var pointer: UnsafeMutablePointer<ado_secret_item>?
        var count = 0
        let status = ado_secret_search(Self.username, timeoutMilliseconds, &pointer, &count, &result)
        defer { ado_secret_items_free(pointer, count) }
        guard status == ADO_SECRET_OK else {
            throw SecretService.error(result, doing: "list the keyring's items")
        }
        guard let pointer else { return [] }
        return UnsafeBufferPointer(start: pointer, count: count).map {
            Item(service: String(cString: $0.service))
        }
    }

    /// In the keyring's listing order, as the file store lists its sections in file order:
    /// callers look keys up or collect them, and `migrate` reports them in this order.
    public func storedKeys() throws(CredentialError) -> [CredentialKey] {
        var keys: [CredentialKey] = []
        var seen = Set<CredentialKey>()
        for item in try items() {
            if let key = item.key, seen.insert(key).inserted { keys.append(key) }
        }
        return keys
    }

    public func token(for key: CredentialKey) throws(CredentialError) -> PersonalAccessToken? {
        var result = ado_secret_result()
        var secret: UnsafeMutablePointer<CChar>?
        let status = ado_secret_lookup(key.rawValue, Self.username, timeoutMilliseconds, &secret, &result)
        defer { ado_secret_free(secret) }
        guard status == ADO_SECRET_OK else {
            throw SecretService.error(
                result, doing: "read the token for \(key.spokenName) from the keyring")
        }
        guard let secret else { return nil }
        let value = String(
            decoding: UnsafeRawBufferPointer(start: secret, count: strlen(secret)), as: UTF8.self)
        return value.isEmpty ? nil : PersonalAccessToken(stored: value)
    }

    @discardableResult
    public func store(_ token: PersonalAccessToken, for key: CredentialKey) throws(CredentialError)
        -> [String]
    {
        #if DEBUG
            Self.installStoreHook()
        #endif
        var result = ado_secret_result()
        let status = token.revealed.withCString { secret in
            ado_secret_store(
                key.rawValue, Self.username, Self.application, Self.label(for: key), secret,
                timeoutMilliseconds,
                &result)
        }
        guard status == ADO_SECRET_OK else {
            throw SecretService.error(
                result, doing: "store the token for \(key.spokenName) in the keyring")
        }
        CrashPoint.reach("keyring.stored")
        let warning = SecretService.message(of: result)
        return warning.isEmpty ? [] : ["\(key.spokenName): \(warning)."]
    }

    #if DEBUG
        /// The shim's step between writing the new item and deleting the old ones, as a crash point.
        private static func installStoreHook() {
            ado_secret_set_store_hook { CrashPoint.reach("keyring.new-item-stored") }
        }
    #endif

    public func remove(_ keys: [CredentialKey]) throws(CredentialError) -> [CredentialKey] {
        var removed: [CredentialKey] = []
        for key in keys {
            var result = ado_secret_result()
            var count: Int32 = 0
            let status = ado_secret_remove(key.rawValue, Self.username, timeoutMilliseconds, &count, &result)
            guard status == ADO_SECRET_OK else {
                throw SecretService.error(
                    result, doing: "remove the token for \(key.spokenName) from the keyring")
            }
            CrashPoint.reach("keyring.removed")
            if count > 0 { removed.append(key) }
        }
        return removed
    }

    /// Items stored for one key: how many, whether their secrets agree, and, with `fix` and
    /// agreeing secrets, how many extra copies were deleted. Loads the secrets (to compare
    /// them in C); none is returned.
    public struct Duplicates: Sendable, Equatable {
        public let count: Int
        public let allEqual: Bool
        public let removed: Int
    }

    public func duplicates(for key: CredentialKey, fix: Bool) throws(CredentialError) -> Duplicates {
        var result = ado_secret_result()
        var count: Int32 = 0
        var equal: Int32 = 0
        var removed: Int32 = 0
        let status = ado_secret_duplicates(
            key.rawValue, Self.username, fix ? 1 : 0, timeoutMilliseconds, &count, &equal, &removed, &result)
        guard status == ADO_SECRET_OK else {
            throw SecretService.error(result, doing: "compare the keyring items for \(key.spokenName)")
        }
        return Duplicates(count: Int(count), allEqual: equal != 0, removed: Int(removed))
    }

}

/// Turning the shim's results into core errors.
enum SecretService {
    static func message(of result: ado_secret_result) -> String {
        var copy = result
        let text = withUnsafeBytes(of: &copy.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return Printable.sanitized(text, limit: 300)
    }

    static func error(_ result: ado_secret_result, doing action: String) -> CredentialError {
        let detail: String
        switch result.status {
        case ADO_SECRET_NO_BUS: detail = "the session bus went away (\(message(of: result)))"
        case ADO_SECRET_NO_SERVICE: detail = "the Secret Service is not running (\(message(of: result)))"
        case ADO_SECRET_NO_COLLECTION: detail = "the Secret Service has no default keyring"
        case ADO_SECRET_LOCKED: detail = "the default keyring is locked (\(message(of: result)))"
        case ADO_SECRET_TIMEOUT: detail = "the Secret Service did not answer in time"
        default: detail = message(of: result)
        }
        return .storage("Could not \(action): \(detail).")
    }
}
