/// Organizations as people type them: a project or repository address copied from the browser
/// or from a clone dialog (`https://dev.azure.com/contoso/Web/_git/site`,
/// `https://contoso.visualstudio.com/Web`, `git@ssh.dev.azure.com:v3/contoso/Web/site`) stands
/// for its organization. One rule for every place an organization is typed (`login`, `use`,
/// `configure`, `token`, the account manager's login form): `OrganizationURL` applies it, so
/// what is stored as the default organization is the organization's URL.
///
/// Only Azure DevOps Services addresses are reduced: there the organization is the first path
/// segment (`dev.azure.com`) or the host (`*.visualstudio.com`). A server's collection path has
/// no such rule, and its address is kept as typed.
extension OrganizationURL {
    /// The organization URL for what was typed, bare names expanded.
    static func organization(typed input: String) throws(CredentialError) -> String {
        // Never reduced: the organization it names depends on how a client resolves the dots,
        // and URLParts refuses it with the reason.
        if URLParts.hasDotSegment(input) { return try expand(input) }
        // A clone address az recognises (SSH ones too, which are not URLs to `expand`).
        // (An organization with ';' in its name keeps the address as typed: the key of a URL
        // ending in it would lose what follows, as urlparse takes ";params" off the last segment.)
        if let remote = AzureDevOpsRemote(input), !remote.organizationURL.unicodeScalars.contains(";") {
            return withoutTrailingSlash(remote.organizationURL)
        }
        let expanded = try expand(input)
        return reducedToOrganization(expanded) ?? expanded
    }

    /// `scheme://authority/org` for a longer dev.azure.com address, `scheme://authority` for a
    /// visualstudio.com one with a path; nil when the URL is an organization's already.
    static func reducedToOrganization(_ url: String) -> String? {
        guard let offset = ByteSearch.firstOffset(of: "://", in: url) else { return nil }
        if isOrganizationAddress(Array(url.utf8), authorityStart: offset + 3) { return nil }
        let scheme = url.utf8.prefix(offset)
        let rest = Substring(url.utf8.dropFirst(offset + 3))
        let authorityEnd = rest.firstIndex(where: URLParts.endsAuthority) ?? rest.endIndex
        let authority: Substring = rest[..<authorityEnd]
        let afterAuthority: Substring = rest[authorityEnd...]
        let pathEnd = afterAuthority.firstIndex(where: URLParts.endsPath) ?? afterAuthority.endIndex
        let segments = afterAuthority[..<pathEnd].split(separator: "/")
        let hasQueryOrFragment = pathEnd != afterAuthority.endIndex
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority
        let host = String(hostAndPort.prefix { $0 != ":" }).lowercased()
        let base = String(Substring(scheme)).lowercased() + "://" + authority
        if host == "dev.azure.com" {
            guard let organization = segments.first, !organization.unicodeScalars.contains(";"),
                segments.count > 1 || hasQueryOrFragment
            else { return nil }
            return base + "/" + organization
        }
        if AzureDevOpsRemote.isVisualStudioHost(host) {
            return segments.isEmpty && !hasQueryOrFragment ? nil : base
        }
        return nil
    }

    /// The common case, an organization's URL, decided on bytes: ASCII (where bytes and
    /// characters split the same), no query or fragment, and at most one path segment, which
    /// only a visualstudio.com host reduces.
    private static func isOrganizationAddress(_ bytes: [UInt8], authorityStart: Int) -> Bool {
        guard !bytes.contains(where: { $0 >= 0x80 || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") })
        else { return false }
        let slash = UInt8(ascii: "/")
        let authorityEnd = bytes[authorityStart...].firstIndex(of: slash) ?? bytes.endIndex
        var segments = 0
        var previous = slash
        for byte in bytes[authorityEnd...] {
            if previous == slash && byte != slash { segments += 1 }
            previous = byte
        }
        if segments == 0 { return true }
        guard segments == 1 else { return false }
        let authority = bytes[authorityStart..<authorityEnd]
        let hostStart = authority.lastIndex(of: UInt8(ascii: "@")).map { $0 + 1 } ?? authorityStart
        let host = authority[hostStart...].prefix { $0 != UInt8(ascii: ":") }
        return !ByteSearch.contains(Array(".visualstudio.com".utf8), in: host, foldingASCIICase: true)
    }

    /// When the default organization in `config` is written as a project or repository
    /// address: the organization URL it stands for. az needs the organization's URL there.
    static func organizationOfPastedDefault(_ value: String) -> String? {
        guard let organization = try? OrganizationURL(stored: value), organization.url != value,
            (try? expand(value)) != organization.url
        else { return nil }
        return organization.url
    }

    private static func withoutTrailingSlash(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}
