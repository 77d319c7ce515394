/// Where the token used for an organization comes from (docs/storage.md §8, PAT part).
public enum TokenSource: Sendable, Equatable, CustomStringConvertible {
    /// `AZURE_DEVOPS_EXT_PAT` or `AZURE_DEVOPS_CLI_PAT`; either one, when set, wins over every stored PAT.
    case environment(variable: String)
    /// The organization's own stored PAT.
    case organization(CredentialKey, StoreKind)
    /// The default credential (`azdevops-cli: default`), the fallback for every organization.
    case defaultCredential(StoreKind)

    public var description: String {
        switch self {
        case .environment(let variable): "environment variable \(variable)"
        case .organization(_, let store): "its own PAT (\(store.rawValue))"
        case .defaultCredential(let store): "the default credential (\(store.rawValue))"
        }
    }

    /// A stable word for JSON and tables: environment, organization, default.
    public var label: String {
        switch self {
        case .environment: "environment"
        case .organization: "organization"
        case .defaultCredential: "default"
        }
    }
}

/// A token together with the place it came from.
public struct ResolvedToken: Sendable {
    public let token: PersonalAccessToken
    public let source: TokenSource
}

/// The order az uses to pick a PAT, in one place for both the listing (which never reads a
/// secret) and the actual resolution.
enum TokenChain {
    /// The current name first, then the one older documentation uses.
    static let environmentVariables = [azureCLIVariable, "AZURE_DEVOPS_CLI_PAT"]
    /// The one az devops itself reads.
    static let azureCLIVariable = "AZURE_DEVOPS_EXT_PAT"

    /// A PAT variable that is set and that az devops does not read, when its own is not set.
    static func ignoredByAzureCLI(_ environment: Environment) -> String? {
        guard environment[azureCLIVariable] == nil else { return nil }
        return environmentVariables.dropFirst().first { environment[$0] != nil }
    }

    /// The variable that overrides stored tokens, when one is set (even to the empty string).
    static func environmentOverride(_ environment: Environment) -> String? {
        environmentVariables.first { environment[$0] != nil }
    }

    /// `storeOf` answers which store holds a key, or nil.
    static func source(
        for organization: CredentialKey?, environment: Environment,
        storeOf: (CredentialKey) throws(CredentialError) -> StoreKind?
    ) throws(CredentialError) -> TokenSource? {
        if let variable = environmentOverride(environment) { return .environment(variable: variable) }
        if let organization, !organization.isDefaultCredential, let store = try storeOf(organization) {
            return .organization(organization, store)
        }
        if let store = try storeOf(.defaultCredential) { return .defaultCredential(store) }
        return nil
    }
}
