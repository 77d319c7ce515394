import CredentialCore

/// The footer's sentence for which credential an organization would use. The order and the
/// standings are the core's (`CredentialChain`, docs/storage.md §8); this only words them.
enum CredentialWords {
    /// From the chain with the Azure CLI's sign-in: "URL uses its own PAT (file)", or, when az
    /// devops would try an Azure CLI token first, "URL: Azure CLI token tried first
    /// (jane@contoso.com); else its own PAT (keyring)".
    static func sentence(_ url: String, _ chain: CredentialChain) -> String {
        // Without checks (the screen never fetches an Azure CLI token) nothing is refused.
        let steps = chain.steps.filter {
            if case .refused = $0.standing { return false }
            return true
        }
        let tried = steps.prefix { $0.standing == .triedFirst }
        let names = accountNames(tried.map(\.link))
        let tokens = tried.count == 1 ? "Azure CLI token" : "\(tried.count) Azure CLI tokens"
        guard let decided = steps.first(where: { $0.standing == .applies || $0.standing == .fallback })
        else {
            if tried.isEmpty { return "\(url) has no token: press a to log in" }
            return "\(url): \(tokens) tried in turn (\(names)); no PAT to fall back on"
        }
        if tried.isEmpty {
            if case .azureCLI = decided.link {
                return "\(url) uses \(decided.link): no PAT is stored for it"
            }
            return "\(url) uses \(decided.link)"
        }
        return "\(url): \(tokens) tried first (\(names)); else \(decided.link)"
    }

    /// From the PAT chain alone, before the Azure CLI's profile has been read.
    static func sentence(_ url: String, _ source: TokenSource?) -> String {
        source.map { "\(url) uses \($0.link)" } ?? "\(url) has no token: press a to log in"
    }

    /// Where the directory's git remote overrides the default organization (az's --detect):
    /// "used here (git remote 'origin')" on its organization's row, and on the default's, that
    /// it is not used here.
    static func here(_ row: AccountList.Row, _ repository: RepositoryContext?) -> String? {
        guard let repository, let organization = try? OrganizationURL(repository.organizationURL) else {
            return nil
        }
        let remote = "git remote '\(Printable.sanitized(repository.remoteName))'"
        if organization.key == row.key { return "used here (\(remote))" }
        if row.isDefaultOrganization {
            return "not used here: the \(remote) is \(organization.canonicalURL)'s"
        }
        return nil
    }

    /// The accounts' user names, each once (one user signed in to several tenants is one name).
    private static func accountNames(_ links: [CredentialChain.Link]) -> String {
        var names: [String] = []
        for link in links {
            guard case .azureCLI(let account) = link else { continue }
            let name = Printable.sanitized(account.userName, limit: 80)
            if !names.contains(name) { names.append(name) }
        }
        return names.joined(separator: ", ")
    }
}
