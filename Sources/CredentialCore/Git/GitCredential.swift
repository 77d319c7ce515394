/// git's credential-helper protocol, for Azure Repos over HTTPS: which organization a request
/// from git is for. git sends `key=value` lines up to a blank line (`protocol`, `host`, `path`
/// when `credential.useHttpPath` is set, `username`, `password` for `erase`).
///
/// Served: `https://dev.azure.com` with the organization as the first segment of the path (or,
/// without a path, as the user name, which Azure DevOps clone URLs carry); any
/// `https://{org}.visualstudio.com`; and the hosts of stored organizations that are neither
/// (Azure DevOps Server), matched by scheme, host and port, and the first path segment when the
/// stored organization has one. Anything else is not served, so git asks its other helpers.
public struct GitCredentialRequest: Sendable, Equatable {
    public var scheme: String?
    public var host: String?
    /// Without leading or trailing slashes, percent-decoded (as git sends it).
    public var path: String?
    public var username: String?
    public var password: String?

    public static let lineLimit = 65536

    public init(scheme: String? = nil, host: String? = nil, path: String? = nil, username: String? = nil) {
        self.scheme = scheme
        self.host = host
        self.path = path
        self.username = username
    }

    /// Lines up to the first empty one or the end; unknown keys (`capability[]`, `wwwauth[]`)
    /// are ignored; `url` is split into its parts, as git does.
    public init(parsing bytes: [UInt8]) {
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            var line = line
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty { break }
            guard let equals = line.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let key = String(decoding: line[..<equals], as: UTF8.self)
            let value = String(decoding: line[(equals + 1)...], as: UTF8.self)
            switch key {
            case "protocol": scheme = value
            case "host": host = value
            case "path": path = value
            case "username": username = value
            case "password": password = value
            case "url": self.apply(url: value)
            default: continue
            }
        }
    }

    /// As git's `credential_from_url`: what was read before is forgotten; the host ends at the
    /// first '/', '?' or '#' (`https://evil.example?@dev.azure.com/` is for evil.example, as for
    /// curl), and the user name at the first '@' (and ':') before it. A URL without a scheme, or
    /// with a line break or NUL once decoded, is no request at all: git refuses it.
    private mutating func apply(url: String) {
        self = GitCredentialRequest()
        let bytes = Array(url.utf8)
        guard let schemeLength = ByteSearch.firstOffset(of: "://", in: url), schemeLength > 0 else { return }
        let rest = bytes[(schemeLength + 3)...]
        let hostEnd =
            rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
            ?? rest.endIndex
        var hostStart = rest.startIndex
        var user: ArraySlice<UInt8>?
        if let at = rest.firstIndex(of: UInt8(ascii: "@")), at < hostEnd {
            let colon = rest.firstIndex(of: UInt8(ascii: ":")).map { min($0, at) } ?? at
            user = rest[..<colon]
            hostStart = at + 1
        }
        var pathBytes = rest[hostEnd...]
        while pathBytes.first == UInt8(ascii: "/") { pathBytes = pathBytes.dropFirst() }
        func decoded(_ part: ArraySlice<UInt8>) -> String? {
            part.isEmpty ? nil : OrganizationResolution.percentDecoded(String(decoding: part, as: UTF8.self))
        }
        var path = decoded(pathBytes)
        while path?.last == "/" { path?.removeLast() }
        let parts = [decoded(user ?? []), decoded(rest[hostStart..<hostEnd]), path]
        guard !parts.contains(where: { $0?.utf8.contains { $0 == 0x0A || $0 == 0x00 } == true }) else {
            return
        }
        scheme = String(decoding: bytes[..<schemeLength], as: UTF8.self)
        (username, host, self.path) = (parts[0], parts[1], path?.isEmpty == true ? nil : path)
    }

    public enum Target: Sendable, Equatable {
        case organization(OrganizationURL)
        /// A host this helper serves, but without the path that names the organization.
        case needsPath(host: String)
        /// A stored organization the token must not travel to over this request's plain http
        /// (`OrganizationURL.cleartextRefusal`): why.
        case refused(CredentialError)
        case notServed
    }

    /// `stored` is asked only for hosts other than Azure DevOps Services. `allowingHTTP` is the
    /// person's `--allow-http`: plain http:// beyond this machine, never to Azure DevOps Services.
    public func target(allowingHTTP: Bool = false, stored: () throws(CredentialError) -> [OrganizationURL])
        throws(CredentialError) -> Target
    {
        guard let scheme = scheme?.lowercased(), var host = host?.lowercased(), !host.isEmpty else {
            return .notServed
        }
        let firstSegment = path.flatMap { $0.split(separator: "/").first.map(String.init) }
        if scheme == "https" {
            if host.hasSuffix(":443") { host = String(host.dropLast(4)) }
            if host == "dev.azure.com" {
                guard let name = firstSegment ?? username, OrganizationURL.isBareName(name) else {
                    return firstSegment == nil ? .needsPath(host: host) : .notServed
                }
                return (try? OrganizationURL("https://dev.azure.com/" + name)).map { .organization($0) }
                    ?? .notServed
            }
            if AzureDevOpsRemote.isVisualStudioHost(host) {
                return (try? OrganizationURL("https://" + host)).map { .organization($0) } ?? .notServed
            }
        }
        var hostOnly: OrganizationURL?
        var wantsPath = false
        for organization in try stored() {
            let key = organization.canonicalURL
            guard key.hasPrefix(scheme + "://") else { continue }
            let rest = key.dropFirst(scheme.count + 3)
            let authority = rest.prefix { $0 != "/" }
            guard !authority.contains("@"), authority == host else { continue }
            let keySegment = rest.dropFirst(authority.count).split(separator: "/").first.map(String.init)
            guard let keySegment else {
                hostOnly = hostOnly ?? organization
                continue
            }
            guard let firstSegment else {
                wantsPath = true
                continue
            }
            // Lowered as az lowered the key: Python's rules (a final Σ becomes ς), not Swift's.
            if PythonLowercase.lower(firstSegment) == keySegment {
                return Self.guarded(organization, allowingHTTP)
            }
        }
        if let hostOnly { return Self.guarded(hostOnly, allowingHTTP) }
        return wantsPath ? .needsPath(host: host) : .notServed
    }

    /// A stored organization as a target, unless plain http must not carry its token (az may
    /// have stored `http://dev.azure.com/…`; a server's http:// needs the person's permission).
    private static func guarded(_ organization: OrganizationURL, _ allowingHTTP: Bool) -> Target {
        organization.cleartextRefusal(allowingHTTP: allowingHTTP).map { .refused($0) }
            ?? .organization(organization)
    }
}

extension AccountManager {
    /// The token git-credential answers with. On Azure DevOps Services, the one a command would
    /// use (az's order: the PAT variable, the organization's own, the default credential). On
    /// any other server, only a PAT stored for that organization: the variable and the default
    /// credential stand for organizations on the service (az attaches no credential to another
    /// server), and would otherwise go to whatever host a default organization or an
    /// `organization_list` line names.
    public func gitCredentialToken(for organization: OrganizationURL) throws(CredentialError)
        -> ResolvedToken?
    {
        if organization.parts.host.isAzureDevOpsServices { return try resolveToken(for: organization) }
        for store in stores {
            if let token = try store.token(for: organization.key) {
                return ResolvedToken(token: token, source: .organization(organization.key, store.kind))
            }
        }
        if let error = unreadableKeyringError(lookingFor: organization) { throw error }
        return nil
    }
}
