import SecretShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A keyring that exists but cannot be used now: its default collection is locked and nobody
/// unlocked it (an SSH session has no prompter), or the daemon does not answer (stopped, hung),
/// or it fails. Its tokens are neither listed nor removable, and az devops will read them again
/// once the keyring works, so a logout that would leave one behind is refused, and listings
/// say that tokens could not be seen, instead of reporting success or "no token".
///
/// gnome-keyring searches a locked collection by its items' attributes without unlocking it, so
/// for a locked keyring the answers are exact; a daemon that does not answer can only be
/// "unknown", taken to hold every token.
public struct UnreadableKeyring: Sendable, Equatable {
    /// Why it cannot be used, for people (the probe's explanation).
    public let reason: String
    /// How many of az's items the locked collection holds; nil when the service could not be asked.
    public let itemCount: Int?

    init(reason: String, itemCount: Int?) {
        self.reason = reason
        self.itemCount = itemCount
    }

    /// What the probe found, seen as a keyring that may hold tokens; nil when there is no keyring
    /// to speak of (no bus, no service, no default collection) or when it is available.
    static func assess(_ outcome: KeyringProbe.Outcome) -> UnreadableKeyring? {
        guard let reason = outcome.explanation else { return nil }
        switch outcome {
        case .locked:
            let count = try? Self.count(nil)
            return UnreadableKeyring(reason: reason, itemCount: count?.first)
        case .timedOut, .failed:
            return UnreadableKeyring(reason: reason, itemCount: nil)
        default:
            return nil
        }
    }

    /// Whether it may hold any of az's tokens.
    public var mayHoldTokens: Bool { itemCount.map { $0 > 0 } ?? true }

    /// Whether the answers are exact (the locked collection can be searched).
    public var isSearchable: Bool { itemCount != nil }

    /// The keys among `keys` it holds, or may hold when it cannot be asked.
    public func holding(_ keys: [CredentialKey]) -> [CredentialKey] {
        guard mayHoldTokens, !keys.isEmpty else { return [] }
        guard isSearchable, let counts = try? Self.count(keys.map(\.rawValue)) else { return keys }
        return zip(keys, counts).filter { $0.1 > 0 }.map(\.0)
    }

    /// The line listings and reads show; nil when it holds none of az's tokens.
    public var warning: String? {
        guard mayHoldTokens else { return nil }
        guard let itemCount else { return "Tokens in the keyring could not be seen: \(reason)." }
        return itemCount == 1
            ? "A token in the keyring could not be seen: \(reason)."
            : "\(itemCount) tokens in the keyring could not be seen: \(reason)."
    }

    /// Items with az's username in the default collection, for each service (or in all, when nil).
    private static func count(_ services: [String]?) throws(CredentialError) -> [Int] {
        var result = ado_secret_result()
        let slots = services?.count ?? 1
        var found = [Int32](repeating: 0, count: slots)
        let status: ado_secret_status
        if let services {
            let pointers = services.map { strdup($0).map { UnsafePointer($0) } }
            defer { for pointer in pointers { free(UnsafeMutablePointer(mutating: pointer)) } }
            status = pointers.withUnsafeBufferPointer { buffer in
                ado_secret_count(
                    buffer.baseAddress, buffer.count, SecretServiceCredentialStore.username,
                    KeyringProbe.timeoutMilliseconds, &found, &result)
            }
        } else {
            status = ado_secret_count(
                nil, 0, SecretServiceCredentialStore.username, KeyringProbe.timeoutMilliseconds, &found,
                &result)
        }
        guard status == ADO_SECRET_OK else {
            throw SecretService.error(result, doing: "search the locked keyring")
        }
        return found.map(Int.init)
    }
}
