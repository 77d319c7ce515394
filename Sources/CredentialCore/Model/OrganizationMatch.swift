/// Stored organizations that a short name typed on the command line stands for: `use fab` with
/// `https://dev.azure.com/fabrikam` stored. An organization's short name is its name on Azure
/// DevOps Services (`fabrikam` for `https://dev.azure.com/fabrikam` and for
/// `https://fabrikam.visualstudio.com`), otherwise its URL without the scheme. The name typed is
/// compared without regard to case: first whole names, then prefixes, then any part; the first
/// rule that matches anything decides.
public enum OrganizationMatch: Sendable, Equatable {
    case none
    case unique(OrganizationURL)
    /// Several organizations match equally well, sorted by URL.
    case ambiguous([OrganizationURL])

    public static func find(_ typed: String, among organizations: [OrganizationURL]) -> OrganizationMatch {
        let query = typed.lowercased()
        guard !query.isEmpty else { return .none }
        let named = organizations.map { ($0, shortName(of: $0)) }
        let rules: [(String) -> Bool] = [{ $0 == query }, { $0.hasPrefix(query) }, { $0.contains(query) }]
        for rule in rules {
            var seen = Set<CredentialKey>()
            let matches = named.filter { rule($0.1) && seen.insert($0.0.key).inserted }.map(\.0)
            if matches.count == 1 { return .unique(matches[0]) }
            if matches.count > 1 { return .ambiguous(matches.sorted { $0.canonicalURL < $1.canonicalURL }) }
        }
        return .none
    }

    /// `fabrikam` for https://dev.azure.com/fabrikam and https://fabrikam.visualstudio.com;
    /// the URL without its scheme for anything else. Lowercase.
    static func shortName(of organization: OrganizationURL) -> String {
        let url = organization.canonicalURL
        if let name = OrganizationURL.bareName(of: url) { return name.lowercased() }
        let withoutScheme = url.split(separator: "://", maxSplits: 1).last.map(String.init) ?? url
        if AzureDevOpsRemote.isVisualStudioHost(withoutScheme) {
            return String(withoutScheme.dropLast(".visualstudio.com".count))
        }
        return withoutScheme.lowercased()
    }

    /// A one-line list of organizations, for messages.
    public static func names(_ organizations: [OrganizationURL]) -> String {
        organizations.map(\.canonicalURL).joined(separator: ", ")
    }
}
