/// What `AccountManager.logout` would do to a listing, worked out before asking for a
/// confirmation, with the same rules `logout` applies: a key is removed when a store holds a
/// token for it or `organization_list` names it, and the default organization is cleared when its
/// key is removed.
public struct LogoutConsequences: Sendable, Equatable {
    public enum DefaultOrganizationFate: Sendable, Equatable {
        /// No default organization is configured.
        case notSet
        /// The default organization stays; the value is its URL as configured.
        case kept(String)
        /// The default organization is one of the removed keys and will be cleared.
        case cleared(String)
        /// The effective default comes from an environment variable, which logout never changes;
        /// the config file's value is cleared only if it is one of the removed keys.
        case overridden(variable: String, value: String)
    }

    /// Keys logout removes, in listing order.
    public let removed: [CredentialKey]
    /// Keys asked for that have nothing stored and no index line; logout skips them.
    public let nothingStored: [CredentialKey]
    public let defaultOrganization: DefaultOrganizationFate
    /// Organizations left in the listing that use the default credential today (no PAT of their
    /// own, no PAT variable set) and will have no token once it is removed.
    public let organizationsLeftWithoutToken: [CredentialKey]

    public var isEmpty: Bool { removed.isEmpty }
}

extension AccountList {
    public func consequencesOfLogout(_ keys: [CredentialKey]) -> LogoutConsequences {
        let asked = Set(keys)
        let removedRows = rows.filter { asked.contains($0.key) && ($0.hasToken || $0.isIndexed) }
        let removed = Set(removedRows.map(\.key))
        let nothingStored = keys.filter { !removed.contains($0) }

        let fate: LogoutConsequences.DefaultOrganizationFate
        if let setting = defaultOrganization {
            if let variable = setting.overriddenBy {
                fate = .overridden(variable: variable, value: setting.value)
            } else if let key = defaultOrganizationKey, removed.contains(key) {
                fate = .cleared(setting.value)
            } else {
                fate = .kept(setting.value)
            }
        } else {
            fate = .notSet
        }

        var leftWithoutToken: [CredentialKey] = []
        if removed.contains(.defaultCredential), environmentOverride == nil {
            leftWithoutToken = rows.filter {
                !$0.isDefaultCredential && !$0.hasToken && !removed.contains($0.key)
            }
            .map(\.key)
        }
        return LogoutConsequences(
            removed: removedRows.map(\.key), nothingStored: nothingStored, defaultOrganization: fate,
            organizationsLeftWithoutToken: leftWithoutToken)
    }

    /// `tokenSource(for:)` for a row of this listing, without searching the rows for it: the
    /// default credential sorts last, so a screen can ask for every visible row cheaply.
    public func tokenSource(for row: Row) -> TokenSource? {
        let defaultRow = rows.last.flatMap { $0.isDefaultCredential ? $0 : nil }
        return TokenChain.source(for: row.key, variable: environmentOverride) { key in
            if key == row.key { return row.stores.first }
            if key.isDefaultCredential { return defaultRow?.stores.first }
            return nil
        }
    }
}
