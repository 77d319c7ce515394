/// A git remote URL that az devops recognises as an Azure Repos repository, with the
/// organization it names. The rules are az's (`parse_azure_devops_git_remote` and its helpers
/// in the extension's `uri.py`): the same URLs are accepted and refused, and the organization
/// URL is the one az derives before asking the service. Every accepted form names its
/// organization in the URL itself: in the path (`dev.azure.com`, `ssh.dev.azure.com`), the host
/// (`{org}.visualstudio.com`) or the SSH user (`vs-ssh.visualstudio.com`).
///
/// Python indexes strings by code point, so the parsing works on Unicode scalars, never on
/// Swift's characters (a `?` followed by a combining mark is one character, but still a `?`).
public struct AzureDevOpsRemote: Sendable, Equatable {
    /// The HTTPS clone URL az turns the remote into (its key in az's remote cache).
    public let repositoryURL: String
    /// `https://dev.azure.com/{org}` or `https://{org}.visualstudio.com/`.
    public let organizationURL: String
    /// The project and repository names as the URL spells them (percent-encoding kept).
    public let project: String
    public let repository: String

    typealias Scalars = ArraySlice<Unicode.Scalar>

    /// Nil for anything az does not take for an Azure DevOps remote.
    public init?(_ remote: String) {
        guard Self.mayBeRemote(remote) else { return nil }
        let scalars = Array(remote.unicodeScalars)[...]
        guard !scalars.isEmpty, !Self.hasUnsafeCharacter(scalars) else { return nil }
        let parsed: AzureDevOpsRemote?
        if Self.hasPrefix(scalars, "https://") {
            parsed = Self.https(scalars)
        } else if Self.hasPrefix(scalars, "ssh://") || scalars.contains("@") {
            parsed = Self.ssh(scalars)
        } else {
            parsed = nil
        }
        guard let parsed else { return nil }
        self = parsed
    }

    private init(
        host: String, path: [Scalars], organizationURL: String, project: Scalars, repository: Scalars
    ) {
        repositoryURL = "https://\(host)/" + path.map(Self.text).joined(separator: "/")
        self.organizationURL = organizationURL
        self.project = Self.text(project)
        self.repository = Self.text(repository)
    }

    /// `https://dev.azure.com/{org}/{project}/_git/{repo}` (a user name, if any, must be the
    /// organization) or `https://{org}.visualstudio.com/[collection/]{project}/_git/{repo}`
    /// (no user name).
    private static func https(_ remote: Scalars) -> AzureDevOpsRemote? {
        guard let url = SafeHTTPSURL(remote, allowingUserInfo: true) else { return nil }
        let segments = url.segments
        if url.host == "dev.azure.com" {
            guard segments.count == 4, lowered(segments[2]) == "_git" else { return nil }
            let organization = segments[0]
            if let user = url.userInfo, lowered(user) != lowered(organization) { return nil }
            return AzureDevOpsRemote(
                host: url.host, path: segments,
                organizationURL: "https://dev.azure.com/" + text(organization),
                project: segments[1], repository: segments[3])
        }
        if isVisualStudioHost(url.host) {
            let count = segments.count
            guard count >= 3, lowered(segments[count - 2]) == "_git", url.userInfo == nil else { return nil }
            return AzureDevOpsRemote(
                host: url.host, path: segments, organizationURL: "https://\(url.host)/",
                project: segments[count - 3], repository: segments[count - 1])
        }
        return nil
    }

    /// `git@ssh.dev.azure.com:v3/{org}/{project}/{repo}`, `{org}@vs-ssh.visualstudio.com:v3/…`,
    /// their `ssh://` spellings (port 22 at most), and the older `_ssh` paths.
    private static func ssh(_ remote: Scalars) -> AzureDevOpsRemote? {
        guard let (user, rawHost, path) = sshParts(remote) else { return nil }
        var trimmed = path
        while trimmed.first == "/" { trimmed = trimmed.dropFirst() }
        while trimmed.last == "/" { trimmed = trimmed.dropLast() }
        let segments = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard !rawHost.isEmpty, isSafeUserInfo(user), !segments.contains(where: \.isEmpty) else { return nil }
        let host = lowered(rawHost)
        let organization: Scalars
        let project: Scalars
        let repository: Scalars
        if lowered(segments[0]) == "v3" {
            guard segments.count == 4 else { return nil }
            (organization, project, repository) = (segments[1], segments[2], segments[3])
        } else if segments.count == 3, lowered(segments[1]) == "_ssh" {
            (organization, project, repository) = (user, segments[0], segments[2])
        } else if segments.count == 4, lowered(segments[2]) == "_ssh" {
            (organization, project, repository) = (segments[0], segments[1], segments[3])
        } else {
            return nil
        }
        if host == "ssh.dev.azure.com" {
            guard lowered(user) == "git" else { return nil }
            return AzureDevOpsRemote(
                host: "dev.azure.com",
                path: [organization, project, Array("_git".unicodeScalars)[...], repository],
                organizationURL: "https://dev.azure.com/" + text(organization), project: project,
                repository: repository)
        }
        if host == "vs-ssh.visualstudio.com" {
            // az checks the label as written, so capitals make it refuse the remote.
            guard lowered(user) == lowered(organization), isSafeHostLabel(organization) else { return nil }
            let httpsHost = lowered(organization) + ".visualstudio.com"
            return AzureDevOpsRemote(
                host: httpsHost, path: [project, Array("_git".unicodeScalars)[...], repository],
                organizationURL: "https://\(httpsHost)/", project: project, repository: repository)
        }
        return nil
    }

    /// User, host and path of an SSH remote: `ssh://` URLs as Python's `urlparse` splits them,
    /// otherwise the scp form `user@host:path` (no `@`, `/` or `:` in user and host).
    private static func sshParts(_ remote: Scalars) -> (Scalars, Scalars, Scalars)? {
        if hasPrefix(remote, "ssh://") {
            let rest = remote.dropFirst(6)
            let netlocEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            let netloc = rest[..<netlocEnd]
            // urlsplit: the fragment goes first, then the query; either one, when not empty,
            // refuses the remote.
            var afterNetloc = rest[netlocEnd...]
            if let hash = afterNetloc.firstIndex(of: "#") {
                if afterNetloc.index(after: hash) != afterNetloc.endIndex { return nil }
                afterNetloc = afterNetloc[..<hash]
            }
            if let question = afterNetloc.firstIndex(of: "?") {
                if afterNetloc.index(after: question) != afterNetloc.endIndex { return nil }
                afterNetloc = afterNetloc[..<question]
            }
            guard let at = netloc.lastIndex(of: "@") else { return nil }
            let userInfo = netloc[..<at]
            var user = userInfo
            if let colon = userInfo.firstIndex(of: ":") {
                // urlparse: a password is what follows the first ':'; an empty one is no password.
                if userInfo.index(after: colon) != userInfo.endIndex { return nil }
                user = userInfo[..<colon]
            }
            guard !user.isEmpty else { return nil }
            let hostInfo = netloc[netloc.index(after: at)...]
            var hostname = hostInfo
            var port: Scalars = []
            if let open = hostInfo.firstIndex(of: "[") {
                let bracketed = hostInfo[hostInfo.index(after: open)...]
                let close = bracketed.firstIndex(of: "]") ?? bracketed.endIndex
                hostname = bracketed[..<close]
                let after = bracketed[close...].dropFirst()
                if let colon = after.firstIndex(of: ":") { port = after[after.index(after: colon)...] }
            } else if let colon = hostInfo.firstIndex(of: ":") {
                hostname = hostInfo[..<colon]
                port = hostInfo[hostInfo.index(after: colon)...]
            }
            if !port.isEmpty {
                guard port.allSatisfy({ ("0"..."9").contains($0) }), Int(text(port)) == 22 else { return nil }
            }
            return (user, hostname, afterNetloc)
        }
        guard let at = remote.firstIndex(of: "@") else { return nil }
        let user = remote[..<at]
        let afterUser = remote[remote.index(after: at)...]
        guard let colon = afterUser.firstIndex(of: ":") else { return nil }
        let host = afterUser[..<colon]
        let path = afterUser[afterUser.index(after: colon)...]
        let forbidden: (Unicode.Scalar) -> Bool = { $0 == "@" || $0 == "/" || $0 == ":" }
        guard !user.isEmpty, !host.isEmpty, !path.isEmpty, !user.contains(where: forbidden),
            !host.contains(where: forbidden)
        else { return nil }
        return (user, host, path)
    }

    /// The organization URL an Azure DevOps URL (an API or repository address, as the service
    /// reports it) belongs to: az's `organization_url_from_azure_devops_url`, which is how az
    /// checks the organization it cached for a remote.
    public static func organizationURL(ofServiceURL url: String) -> String? {
        let scalars = Array(url.unicodeScalars)[...]
        guard !hasUnsafeCharacter(scalars), let url = SafeHTTPSURL(scalars, allowingUserInfo: false) else {
            return nil
        }
        if url.host == "dev.azure.com" || isDevAzureServiceHost(url.host) {
            guard let organization = url.segments.first else { return nil }
            return "https://\(url.host)/" + text(organization)
        }
        return isVisualStudioHost(url.host) ? "https://\(url.host)/" : nil
    }

    /// Decided on bytes, so that an organization's own URL, checked on every run, costs no
    /// Unicode work: every HTTPS remote has a `_git` segment (no other scalar lowercases to one
    /// of its letters), and every SSH one a user (`@`).
    static func mayBeRemote(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.contains(UInt8(ascii: "@"))
            || ByteSearch.contains(Array("_git".utf8), in: bytes, foldingASCIICase: true)
    }

    // MARK: - az's host and character rules

    /// Controls, space and backslash: characters URL parsers and HTTP stacks may read differently.
    static func hasUnsafeCharacter(_ text: Scalars) -> Bool {
        text.contains { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" }
    }

    static func isAzureDevOpsHost(_ host: String) -> Bool {
        host == "dev.azure.com" || host == "ssh.dev.azure.com" || isDevAzureServiceHost(host)
            || isVisualStudioHost(host) || host == "vs-ssh.visualstudio.com"
    }

    /// `{org}.visualstudio.com` with a plain DNS label (lowercase), not the SSH endpoint.
    public static func isVisualStudioHost(_ host: String) -> Bool {
        guard host.hasSuffix(".visualstudio.com") else { return false }
        let label = Array(host.unicodeScalars.dropLast(".visualstudio.com".count))[...]
        return text(label) != "vs-ssh" && isSafeHostLabel(label)
    }

    /// One service label under dev.azure.com (`pkgs.dev.azure.com`), not the SSH endpoint.
    static func isDevAzureServiceHost(_ host: String) -> Bool {
        guard host.hasSuffix(".dev.azure.com") else { return false }
        let label = Array(host.unicodeScalars.dropLast(".dev.azure.com".count))[...]
        return text(label) != "ssh" && isSafeHostLabel(label)
    }

    /// `[a-z0-9]`, then `[a-z0-9-]*` ending in `[a-z0-9]`.
    static func isSafeHostLabel(_ label: Scalars) -> Bool {
        guard let first = label.first, let last = label.last else { return false }
        let plain: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        return plain(first) && plain(last) && label.allSatisfy { plain($0) || $0 == "-" }
    }

    /// `[A-Za-z0-9._-]+`.
    static func isSafeUserInfo(_ text: Scalars) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCIIAlphanumeric || $0 == "." || $0 == "_" || $0 == "-" }
    }

    /// Case-insensitive for ASCII letters only, as `'https://'` compares with a lowered URL.
    static func hasPrefix(_ text: Scalars, _ prefix: String) -> Bool {
        let expected = Array(prefix.unicodeScalars)
        guard text.count >= expected.count else { return false }
        return zip(text, expected).allSatisfy { lowered([$0.0][...]) == String($0.1) }
    }

    /// Python's `lower()`: full Unicode lowercasing, which Swift's `lowercased()` also does.
    static func lowered(_ scalars: Scalars) -> String { text(scalars).lowercased() }

    static func text(_ scalars: Scalars) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}

/// az's `_parse_safe_https_url`: `https://authority[/path][/]` with no query or fragment, no
/// `%` in the authority, at most one plain user name, port 443 or none, an Azure DevOps host,
/// and no empty segment inside the path.
struct SafeHTTPSURL {
    let host: String
    let segments: [AzureDevOpsRemote.Scalars]
    let userInfo: AzureDevOpsRemote.Scalars?

    init?(_ text: AzureDevOpsRemote.Scalars, allowingUserInfo: Bool) {
        guard AzureDevOpsRemote.hasPrefix(text, "https://") else { return nil }
        let rest = text.dropFirst(8)
        guard !rest.contains("?"), !rest.contains("#") else { return nil }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<slash]
        let path = rest[slash...]
        guard !authority.isEmpty, !authority.contains("%") else { return nil }
        var userInfo: AzureDevOpsRemote.Scalars?
        if let at = authority.firstIndex(of: "@") {
            guard allowingUserInfo, authority.filter({ $0 == "@" }).count == 1 else { return nil }
            let user = authority[..<at]
            guard !user.contains(":"), AzureDevOpsRemote.isSafeUserInfo(user) else { return nil }
            userInfo = user
            authority = authority[authority.index(after: at)...]
        }
        var host = authority
        if let colon = authority.lastIndex(of: ":") {
            guard AzureDevOpsRemote.text(authority[authority.index(after: colon)...]) == "443" else {
                return nil
            }
            host = authority[..<colon]
        }
        let lowered = AzureDevOpsRemote.lowered(host)
        let doubleSlash = zip(path, path.dropFirst()).contains { $0 == "/" && $1 == "/" }
        guard AzureDevOpsRemote.isAzureDevOpsHost(lowered), !doubleSlash else { return nil }
        self.host = lowered
        self.segments = path.split(separator: "/")
        self.userInfo = userInfo
    }
}
