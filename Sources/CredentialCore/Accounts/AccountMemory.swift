#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What ado-accounts remembers beside az's files, in `ado-accounts.state` (docs/storage.md §11):
/// the previous default organization for `use -`; per credential, what its last check found and
/// what the service said about the token; per organization, its last default project. Never a
/// secret, and never a reason to fail: a file that cannot be read is ignored (`damage` says why)
/// and rewritten by the next change.
public struct AccountMemory: Sendable, Equatable {
    /// The default organization before the last change, as it was written.
    public var previousOrganization: String?
    /// The store notice (why the keyring is not used) the TUI last showed: shown once per cause,
    /// not on every launch to someone who cannot act on it.
    public var shownStoreNotice: String?
    public private(set) var credentials: [CredentialKey: CredentialRecord] = [:]
    /// By the organization's credential key, so that every spelling of it finds the same record.
    public private(set) var organizations: [CredentialKey: OrganizationRecord] = [:]
    /// Why the file was ignored; nil when it was read or does not exist.
    public internal(set) var damage: String?

    public init() {}

    /// Whether this store notice was shown before (as the file keeps it: on one line).
    public func hasShown(storeNotice notice: String) -> Bool {
        shownStoreNotice == AccountMemoryFile.oneLine(notice)
    }

    /// The record of a credential; an empty record when there is none, and setting an empty
    /// record forgets the credential.
    public subscript(credential key: CredentialKey) -> CredentialRecord {
        get { credentials[key] ?? CredentialRecord() }
        set { credentials[key] = newValue.isEmpty ? nil : newValue }
    }

    public subscript(organization key: CredentialKey) -> OrganizationRecord {
        get { organizations[key] ?? OrganizationRecord() }
        set { organizations[key] = newValue.isEmpty ? nil : newValue }
    }

    /// How many records the file keeps at most; the least recently used go first.
    static let credentialLimit = 1000
    static let organizationLimit = 200

    /// Keeps the file bounded and true: records of credentials no longer listed in
    /// `organization_list` go (az logged them out, or a logout here did), and beyond the limits the
    /// records least recently checked or used.
    mutating func prune(keeping listed: (CredentialKey) -> Bool) {
        credentials = credentials.filter { listed($0.key) }
        if credentials.count > Self.credentialLimit {
            let kept = credentials.sorted { $0.value.lastTouched > $1.value.lastTouched }
                .prefix(Self.credentialLimit)
            credentials = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
        }
        if organizations.count > Self.organizationLimit {
            let kept = organizations.sorted {
                ($0.value.usedAt ?? .distantPast) > ($1.value.usedAt ?? .distantPast)
            }
            .prefix(Self.organizationLimit)
            organizations = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
        }
    }
}

/// What is known about one stored credential without asking the service.
public struct CredentialRecord: Sendable, Equatable {
    /// When ado-accounts stored the token (unknown for a token az stored).
    public var storedAt: Date?
    /// The last check of this token and what it found.
    public var checkedAt: Date?
    public var outcome: CheckOutcome?
    /// Who the token signed in as at its last successful check.
    public var displayName: String?
    public var email: String?
    /// What the service's PAT lifecycle API says about the token, when known.
    public var token: ServiceTokenInfo?
    /// Which token value this record describes (`PersonalAccessToken.fingerprint`), when
    /// ado-accounts stored or linked it: a token az replaced since is not the one `token` names.
    public var tokenFingerprint: String?
    /// A token ado-accounts made and is about to store (authorization id and fingerprint): the
    /// files are renamed one by one, and a run killed between them can leave the new token stored
    /// beside the record of the old one. The stored token matching this is then the one linked.
    public var pending: (authorizationID: String, fingerprint: String)? {
        get {
            guard let pendingAuthorizationID, let pendingFingerprint else { return nil }
            return (pendingAuthorizationID, pendingFingerprint)
        }
        set {
            pendingAuthorizationID = newValue?.authorizationID
            pendingFingerprint = newValue?.fingerprint
        }
    }
    var pendingAuthorizationID: String?
    var pendingFingerprint: String?

    public init(
        storedAt: Date? = nil, checkedAt: Date? = nil, outcome: CheckOutcome? = nil,
        displayName: String? = nil, email: String? = nil, token: ServiceTokenInfo? = nil
    ) {
        self.storedAt = storedAt
        self.checkedAt = checkedAt
        self.outcome = outcome
        self.displayName = displayName
        self.email = email
        self.token = token
    }

    public var isEmpty: Bool { self == CredentialRecord() }

    /// What a check found: its time and outcome, and, when it signed in, who as (a refusal keeps
    /// the identity last seen, which still says whose token it is).
    public mutating func noteCheck(_ result: VerificationResult, at time: Date) {
        checkedAt = time
        outcome = result.outcome
        if let identity = result.identity {
            displayName = identity.displayName.isEmpty ? nil : identity.displayName
            email = identity.email
        }
    }
    var lastTouched: Date { max(checkedAt ?? .distantPast, storedAt ?? .distantPast) }
}

/// What the last check of a token found, as remembered.
public enum CheckOutcome: String, Sendable, Equatable, CaseIterable, Codable {
    case valid
    /// Refused because the token's time is over (the service said so).
    case expired
    case rejected
    case unreachable
    case unexpected
}

/// The service's entry for a PAT (`_apis/tokens/pats`): what renewing, rotating and revoking act on.
public struct ServiceTokenInfo: Sendable, Equatable {
    /// The authorization id, which the lifecycle API names the token by.
    public var authorizationID: String
    public var name: String?
    /// Space-separated scopes, as the API gives them (`app_token` for full access).
    public var scope: String?
    public var validFrom: Date?
    public var validTo: Date?
    /// The organizations it is valid for, as the API names them; nil for all of the user's.
    public var targetAccounts: [String]?

    public init(
        authorizationID: String, name: String? = nil, scope: String? = nil, validFrom: Date? = nil,
        validTo: Date? = nil, targetAccounts: [String]? = nil
    ) {
        self.authorizationID = authorizationID
        self.name = name
        self.scope = scope
        self.validFrom = validFrom
        self.validTo = validTo
        self.targetAccounts = targetAccounts
    }
}

/// What ado-accounts remembers about an organization.
public struct OrganizationRecord: Sendable, Equatable {
    /// The default project the last time this organization was the default.
    public var lastProject: String?
    /// When it was last made the default or its project remembered.
    public var usedAt: Date?

    public init(lastProject: String? = nil, usedAt: Date? = nil) {
        self.lastProject = lastProject
        self.usedAt = usedAt
    }

    var isEmpty: Bool { lastProject == nil }
}
