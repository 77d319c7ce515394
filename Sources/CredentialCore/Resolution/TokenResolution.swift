/// Where the token used for an organization comes from (docs/storage.md §8, PAT part).
public enum TokenSource: Sendable, Equatable, CustomStringConvertible {
    /// `AZURE_DEVOPS_EXT_PAT` or `AZURE_DEVOPS_CLI_PAT`; either one, when set, wins over every stored PAT.
    case environment(variable: String)
    /// The organization's own stored PAT.
    case organization(CredentialKey, StoreKind)
    /// The default credential (`azdevops-cli: default`), the fallback for every organization.
    case defaultCredential(StoreKind)

    /// The chain link this source is.
    public var link: CredentialChain.Link {
        switch self {
        case .environment(let variable): .environment(variable: variable)
        case .organization(_, let store): .organization(store)
        case .defaultCredential(let store): .defaultCredential(store)
        }
    }

    public var description: String {
        if case .environment(let variable) = self { return "environment variable \(variable)" }
        return link.description
    }

    /// A stable word for JSON: environment, organization, default.
    public var label: String { link.kind.rawValue }
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

    /// The PAT links of az's order that are present (§8): the variable that overrides every
    /// stored token, the organization's own PAT, the default credential. The one place that
    /// order is written: resolution, listings and `status` all take it from here. `storeOf`
    /// answers which store holds a key, or nil; with `firstOnly` it is asked no further than
    /// the first link found, so resolution reads no secret it does not use.
    static func links<Failure: Error>(
        variable: String?, organization: CredentialKey?, firstOnly: Bool,
        storeOf: (CredentialKey) throws(Failure) -> StoreKind?
    ) throws(Failure) -> [CredentialChain.Link] {
        var links: [CredentialChain.Link] = []
        if let variable {
            links.append(.environment(variable: variable))
            if firstOnly { return links }
        }
        if let organization, !organization.isDefaultCredential, let store = try storeOf(organization) {
            links.append(.organization(store))
            if firstOnly { return links }
        }
        if let store = try storeOf(.defaultCredential) { links.append(.defaultCredential(store)) }
        return links
    }

    /// The first PAT link, as the source of the token for `organization`.
    static func source<Failure: Error>(
        for organization: CredentialKey?, variable: String?,
        storeOf: (CredentialKey) throws(Failure) -> StoreKind?
    ) throws(Failure) -> TokenSource? {
        let first = try links(
            variable: variable, organization: organization, firstOnly: true, storeOf: storeOf)
        return first.first.flatMap { TokenSource($0, organization: organization) }
    }
}

extension TokenSource {
    /// The token source a PAT link stands for; nil for an Azure CLI sign-in, which is no PAT.
    init?(_ link: CredentialChain.Link, organization: CredentialKey?) {
        switch link {
        case .azureCLI: return nil
        case .environment(let variable): self = .environment(variable: variable)
        case .organization(let store):
            guard let organization else { return nil }
            self = .organization(organization, store)
        case .defaultCredential(let store): self = .defaultCredential(store)
        }
    }
}
