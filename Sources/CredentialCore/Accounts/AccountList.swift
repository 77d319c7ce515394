#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What is stored, as a listing: built from keys and configuration only, never from secrets.
public struct AccountList: Sendable {
    public struct Row: Sendable, Equatable, Identifiable {
        public let key: CredentialKey
        /// Stores holding a token for the key, in reading order; empty when there is none.
        public let stores: [StoreKind]
        public let isDefaultOrganization: Bool
        /// Whether `organization_list` names the key.
        public let isIndexed: Bool
        /// The key is not an organization URL ado-accounts can use (az stored what its parser let
        /// through): shown as it is, never checked, removed by its exact text.
        public let isRaw: Bool
        /// Where the organization's host could mislead, the real one (`OrganizationURL.hostWarning`).
        public let hostWarning: String?

        public var id: CredentialKey { key }
        /// The normalized URL, or nil for the default credential. For a raw row, the text after
        /// the prefix, which is no URL.
        public var organization: String? { key.organizationURL }
        public var hasToken: Bool { !stores.isEmpty }
        public var isDefaultCredential: Bool { key.isDefaultCredential }
        /// The stores holding the token: "keyring", "file", "keyring+file" when both hold one
        /// (az reads the keyring's), "-" for none.
        public var storeNames: String {
            stores.isEmpty ? "-" : stores.map(\.rawValue).joined(separator: "+")
        }
    }

    /// Whether a row's token can move to the keyring, and if not, why.
    public enum KeyringMove: Sendable, Equatable {
        case movable
        /// No store holds a token for the key.
        case nothingStored
        /// The keyring holds it, and nothing else does.
        case alreadyInKeyring
        /// No keyring can be used (the move would fail, with the keyring's reason).
        case noKeyring
    }

    public func keyringMove(for row: Row) -> KeyringMove {
        if !row.hasToken { return .nothingStored }
        if row.stores == [.keyring] { return .alreadyInKeyring }
        return stores.contains { $0.kind == .keyring } ? .movable : .noKeyring
    }

    public let directory: ConfigDirectory
    /// Organization rows sorted by URL, then the default credential when stored.
    public let rows: [Row]
    /// The organizations of the rows (the default credential has none), in row order.
    public var organizations: [OrganizationURL] { rows.compactMap { OrganizationURL(key: $0.key) } }
    /// What ado-accounts remembers about the rows (last checks, expiry, projects), read with them.
    public let memory: AccountMemory
    public let defaultOrganization: DevOpsConfig.Setting?
    public let defaultOrganizationKey: CredentialKey?
    public let defaultProject: DevOpsConfig.Setting?
    /// The PAT variable that overrides every stored token, when set.
    public let environmentOverride: String?
    public let stores: [StoreDescription]
    /// One line each: a token file readable by others, a default organization that is not a URL.
    public let warnings: [String]
    /// When the listing was read: what the ages of remembered checks count from.
    public let readAt: Date

    /// Positions of rows by key.
    private let rowIndex: [CredentialKey: Int]

    init(
        directory: ConfigDirectory, rows: [Row], memory: AccountMemory = AccountMemory(),
        defaultOrganization: DevOpsConfig.Setting?,
        defaultOrganizationKey: CredentialKey?, defaultProject: DevOpsConfig.Setting?,
        environmentOverride: String?,
        stores: [StoreDescription], warnings: [String], readAt: Date = Date()
    ) {
        self.readAt = readAt
        self.directory = directory
        self.rows = rows
        self.memory = memory
        self.defaultOrganization = defaultOrganization
        self.defaultOrganizationKey = defaultOrganizationKey
        self.defaultProject = defaultProject
        self.environmentOverride = environmentOverride
        self.stores = stores
        self.warnings = warnings
        rowIndex = Dictionary(rows.enumerated().map { ($1.key, $0) }) { first, _ in first }
    }

    /// What is remembered about a row's credential; empty when nothing is.
    public func record(for key: CredentialKey) -> CredentialRecord {
        memory[credential: key]
    }

    public func row(for key: CredentialKey) -> Row? {
        rowIndex[key].map { rows[$0] }
    }

    /// The token an organization would use and where it comes from, by the rules of §8.
    public func tokenSource(for organization: CredentialKey?) -> TokenSource? {
        TokenChain.source(for: organization, variable: environmentOverride) { row(for: $0)?.stores.first }
    }

    /// What both front ends say, above or below the listing, when a PAT variable is set.
    public var environmentOverrideNotice: String? {
        environmentOverride.map { "\($0) is set: it overrides every stored token." }
    }

    public var organizationCount: Int { rows.filter { !$0.isDefaultCredential }.count }
}

extension AccountList.Row {
    private static let defaultCredentialWords = Array("any organization default credential".utf8)

    /// What the account manager's filter finds: the organization URL, whatever its letters'
    /// case (a key az stored may keep capitals), or the words that name the default
    /// credential. `query` is lowercased UTF-8.
    public func matches(filter query: [UInt8]) -> Bool {
        if query.isEmpty { return true }
        if isDefaultCredential { return ByteSearch.contains(query, in: Self.defaultCredentialWords) }
        var text = key.rawValue
        let prefix = CredentialKey.prefix.utf8.count
        return text.withUTF8 { ByteSearch.contains(query, in: $0[prefix...], foldingASCIICase: true) }
    }
}
