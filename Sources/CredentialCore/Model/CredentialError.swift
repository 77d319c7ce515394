/// Every failure the core reports: a category callers map to exit codes or banners, a one-line
/// message saying what went wrong, and what the person can do about it as a `Hint` that each
/// front end words in its own terms (a flag, a key). Messages never contain a secret, and name
/// no front end's flags or keys.
public struct CredentialError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The user gave something unusable: an organization, a token, a configuration value.
        case invalidInput
        /// There is nothing to act on: no credential, no default, nothing to remove.
        case notFound
        /// A file or the keyring could not be read or written safely.
        case storage
        /// The service answered and refused the token.
        case rejected
        /// The service could not be reached or did not answer as Azure DevOps does.
        case unreachable
    }

    /// What the person can do, where the remedy is a choice a front end offers.
    public enum Hint: Sendable, Equatable {
        /// The keyring cannot be used: keep tokens in the file store, at this path, instead.
        case useFileStore(path: String)
        /// No organization was named and none applies by default: name one.
        case nameOrganization
        /// The organization taken from the git remote cannot be used: name one, or do not take
        /// it from the remote.
        case nameOrganizationOrIgnoreRemote
        /// No organization was named and none applies by default: name one, or ask for all.
        case nameOrganizationOrAll
        /// A token would travel over plain http: use https://, or allow plain HTTP to this host
        /// explicitly.
        case allowHTTP
        /// The repository's own git configuration was asked for outside any repository (the
        /// directory): run it inside one, or write the person's global configuration.
        case runInRepositoryOrUseGlobalScope(directory: String)
        /// Defaults are name=value pairs.
        case defaultsSyntax
        /// The Azure CLI has no usable sign-in: sign in (again).
        case signInToAzureCLI
        /// The PAT lifecycle API cannot be used: paste a PAT instead.
        case signInToAzureCLIOrPasteToken
        /// Not Azure DevOps Services, which alone has the PAT lifecycle API: paste a PAT.
        case pasteToken
        /// Which service entry is the stored token is not known: link it (by name or id).
        case linkStoredToken(organization: String)
        /// Several tokens have that name: link by authorization id.
        case linkByID
        /// A link needs a name or an authorization id.
        case nameTokenToLink
        /// The policy wants named scopes.
        case nameScopes
        /// The lifetime asked for is beyond what is allowed: ask for fewer days.
        case fewerDays
        /// Not a scope Azure DevOps knows: the list of scopes helps.
        case listScopes
        /// The token's name is missing or not allowed: choose one.
        case chooseTokenName
        /// The token of this credential has expired or soon will: renew or rotate it through the
        /// PAT lifecycle API when an Azure CLI sign-in can (`canRenew`), else paste a new one.
        case renewOrReplaceToken(CredentialKey, canRenew: Bool)
        /// The default credential was refused for this organization: it serves every
        /// organization, which takes a global PAT, and global PATs no longer work. A PAT of the
        /// organization's own replaces it (created through the API when `canCreate`).
        case replaceGlobalPAT(organization: CredentialKey, canCreate: Bool)
    }

    public let kind: Kind
    public let message: String
    public let hint: Hint?

    public init(_ kind: Kind, _ message: String, hint: Hint? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    public var description: String { message }

    static func invalidInput(_ message: String, hint: Hint? = nil) -> CredentialError {
        .init(.invalidInput, message, hint: hint)
    }
    static func notFound(_ message: String, hint: Hint? = nil) -> CredentialError {
        .init(.notFound, message, hint: hint)
    }
    static func storage(_ message: String, hint: Hint? = nil) -> CredentialError {
        .init(.storage, message, hint: hint)
    }
}
