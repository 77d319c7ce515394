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

    private mutating func apply(url: String) {
        guard let offset = ByteSearch.firstOffset(of: "://", in: url) else { return }
        scheme = String(Substring(url.utf8.prefix(offset)))
        let rest = Substring(url.utf8.dropFirst(offset + 3))
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<slash]
        if let at = authority.lastIndex(of: "@") {
            let user = authority[..<at].prefix { $0 != ":" }
            if !user.isEmpty { username = OrganizationResolution.percentDecoded(String(user)) }
            authority = authority[authority.index(after: at)...]
        }
        host = OrganizationResolution.percentDecoded(String(authority))
        var trimmed = rest[slash...]
        while trimmed.first == "/" { trimmed = trimmed.dropFirst() }
        while trimmed.last == "/" { trimmed = trimmed.dropLast() }
        path = trimmed.isEmpty ? nil : OrganizationResolution.percentDecoded(String(trimmed))
    }

    public enum Target: Sendable, Equatable {
        case organization(OrganizationURL)
        /// A host this helper serves, but without the path that names the organization.
        case needsPath(host: String)
        case notServed
    }

    /// `stored` is asked only for hosts other than Azure DevOps Services.
    public func target(stored: () throws(CredentialError) -> [OrganizationURL]) throws(CredentialError)
        -> Target
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
            if PythonLowercase.lower(firstSegment) == keySegment { return .organization(organization) }
        }
        if let hostOnly { return .organization(hostOnly) }
        return wantsPath ? .needsPath(host: host) : .notServed
    }
}
