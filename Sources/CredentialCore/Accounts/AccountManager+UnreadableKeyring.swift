/// What a keyring that cannot be used now (`UnreadableKeyring`) changes: a logout that would
/// leave a token in it is refused, a token that may be in it is an error to look up rather than
/// "none", and a login that may leave an older copy in it says so.
extension AccountManager {
    /// Refuses, before anything changes, a logout of `keys` (every key when nil) that would leave
    /// a token in the keyring: az devops would use it again once the keyring works.
    func refuseLogoutLeavingKeyringTokens(_ keys: [CredentialKey]?) throws(CredentialError) {
        guard let keyring = unreadableKeyring, keyring.mayHoldTokens else { return }
        let what: String
        if let keys {
            let held = keyring.holding(keys)
            guard !held.isEmpty else { return }
            what = Self.tokens(of: held)
        } else if let count = keyring.itemCount {
            what = count == 1 ? "a token" : "\(count) tokens"
        } else {
            what = "tokens"
        }
        throw .storage(
            "Could not log out: the keyring \(Self.holds(keyring)) \(what) and cannot be used now: \(keyring.reason). Nothing was removed."
        )
    }

    /// Why nothing was found for `target` (the default credential too), when the keyring that
    /// cannot be used may hold it: a storage error, not "no token".
    /// Why no token was found for the organization (nil: the default organization) when the
    /// keyring that cannot be used now holds, or may hold, the one a command would use.
    public func unreadableKeyringError(lookingFor target: OrganizationURL?) -> CredentialError? {
        guard let keyring = unreadableKeyring, keyring.mayHoldTokens else { return nil }
        var keys: [CredentialKey] = [.defaultCredential]
        if let target { keys.insert(target.key, at: 0) }
        guard let first = keyring.holding(keys).first else { return nil }
        let where_ = keyring.isSearchable ? "is in the keyring" : "may be in the keyring"
        let subject =
            if let target, first == target.key {
                "The token for \(target.canonicalURL)"
            } else if let target {
                "No token for \(target.canonicalURL) was found, and the default credential"
            } else {
                "The default credential"
            }
        return .storage("\(subject) \(where_), which cannot be used now: \(keyring.reason).")
    }

    /// A login stored outside the keyring while the keyring may keep an older token for the
    /// key, which az devops reads first once the keyring works again.
    func unreadableKeyringWarnings(forLoginOf key: CredentialKey) -> [String] {
        guard let keyring = unreadableKeyring, !keyring.holding([key]).isEmpty else { return [] }
        return [
            "The keyring \(Self.holds(keyring)) an older token for \(key.spokenName) and cannot be used now (\(keyring.reason)); az devops will use that one once the keyring works again: log in again then."
        ]
    }

    private static func holds(_ keyring: UnreadableKeyring) -> String {
        keyring.isSearchable ? "holds" : "may hold"
    }

    private static func tokens(of keys: [CredentialKey]) -> String {
        keys.map(\.spokenToken)
            .joined(separator: ", ")
    }
}
