/// An Azure DevOps organization (or Azure DevOps Server collection) as the user named it, with the
/// credential key az derives from it.
///
/// Accepts full `http(s)://` URLs, `host/path` without a scheme when the host has a dot, and bare
/// organization names, which expand to `https://dev.azure.com/NAME`.
public struct OrganizationURL: Hashable, Sendable, CustomStringConvertible {
    /// The URL as given, after expansion of a bare name and reduction of a pasted project or
    /// repository address to its organization (`PastedOrganizationURL.swift`). This is what
    /// goes into `config`.
    public let url: String
    public let key: CredentialKey

    static let maximumLength = 2048

    public init(_ input: String) throws(CredentialError) {
        let expanded = try Self.organization(typed: input)
        // Again after "https://" was added to a host name: every stored key's URL must parse.
        if expanded.count > Self.maximumLength {
            throw .invalidInput(
                "The organization is \(expanded.count) characters long as a URL; the limit is \(Self.maximumLength)."
            )
        }
        let parts = try URLParts(expanded, original: input)
        url = expanded
        key = CredentialKey(organizationKey: parts.normalizedKey(rawURL: expanded))
    }

    /// The organization a stored key stands for; the key's URL is the best spelling there is.
    public init?(key: CredentialKey) {
        guard let url = key.organizationURL, (try? URLParts(url, original: url)) != nil else { return nil }
        self.url = url
        self.key = key
    }

    public var description: String { url }

    /// The canonical spelling, as stored in keys: lowercase, organization only.
    public var canonicalURL: String { key.organizationURL ?? url }

    /// Where `connectionData` lives. For Azure DevOps Services the organization root; for a
    /// server, the collection path as typed. Never carries user information: credentials travel
    /// only in the Authorization header.
    public var connectionDataURL: String {
        let parts = try! URLParts(url, original: url)
        var base: String
        if parts.isAzureDevOpsServices {
            base = parts.scheme + "://" + parts.hostAndPort.lowercased()
            if !parts.isVisualStudioHost, let segment = parts.firstPathSegment, !segment.isEmpty {
                base += "/" + segment.lowercased()
            }
        } else {
            // A server's collection is the typed path up to the first "_" segment (_git, _apis, …).
            let segments = parts.path.split(separator: "/").prefix { !$0.hasPrefix("_") }
            base = parts.scheme + "://" + parts.hostAndPort + segments.map { "/" + $0 }.joined()
        }
        return base + "/_apis/connectionData"
    }

    static func expand(_ input: String) throws(CredentialError) -> String {
        if input.isEmpty {
            throw .invalidInput(
                "The organization is empty: give a URL such as https://dev.azure.com/contoso.")
        }
        if input.count > maximumLength {
            throw .invalidInput(
                "The organization is \(input.count) characters long; the limit is \(maximumLength).")
        }
        if let bad = input.unicodeScalars.first(where: { $0.properties.isWhitespace || $0.isControl }) {
            let what = bad.properties.isWhitespace && !bad.isControl ? "a space" : "a control character"
            throw .invalidInput("The organization contains \(what): \(Printable.quoted(input)).")
        }
        if ByteSearch.contains("://", in: input) { return input }
        if isBareName(input) { return "https://dev.azure.com/" + input }
        if let colon = input.firstIndex(of: ":"), !input[..<colon].contains("/") {
            let scheme = String(input[..<colon])
            if URLParts.isSchemeSyntax(scheme) {
                throw .invalidInput(
                    "The organization has the scheme '\(Printable.sanitized(scheme.lowercased()))': only https:// and http:// are accepted."
                )
            }
        }
        let host = input.prefix { !URLParts.endsAuthority($0) }
        if host.contains(".") {
            return "https://" + input
        }
        throw .invalidInput(
            "\(Printable.quoted(input)) is neither a URL nor an organization name: try https://dev.azure.com/NAME."
        )
    }

    /// The bare name that stands for this normalized URL on the command line (`contoso` for
    /// https://dev.azure.com/contoso); nil when the URL has no such short form.
    public static func bareName(of url: String) -> String? {
        let services = "https://dev.azure.com/"
        guard url.hasPrefix(services) else { return nil }
        let name = String(url.dropFirst(services.count))
        return isBareName(name) ? name : nil
    }

    /// Organization names on Azure DevOps Services: letters, digits, '-', '_' and '.'.
    static func isBareName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCIIAlphanumeric else { return false }
        return text.count <= 256
            && text.unicodeScalars.allSatisfy {
                $0.isASCIIAlphanumeric || $0 == "-" || $0 == "_" || $0 == "."
            }
            && !text.contains("..")
            && !text.contains(".")  // a dotted word is a host name, handled as such
    }
}

extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }

    /// Controls, format characters (zero-width, bidirectional overrides) and line separators.
    /// ASCII is decided without the Unicode tables, which are slow to consult.
    var isControl: Bool {
        if value < 0x80 { return value < 0x20 || value == 0x7F }
        let category = properties.generalCategory
        return category == .control || category == .format || category == .lineSeparator
            || category == .paragraphSeparator
    }

    var isWhitespaceOrControl: Bool {
        if value < 0x80 { return value <= 0x20 || value == 0x7F }
        return properties.isWhitespace || isControl
    }
}

/// The pieces of an absolute http(s) URL, split the way Python's `urlparse` splits them, which is
/// what az's key normalization is written against.
struct URLParts {
    let scheme: String
    let authority: String
    let path: String

    init(_ text: String, original: String) throws(CredentialError) {
        guard let offset = ByteSearch.firstOffset(of: "://", in: text) else {
            throw .invalidInput("\(Printable.quoted(original)) is not a URL.")
        }
        let separator =
            text.utf8.index(
                text.startIndex, offsetBy: offset)..<text.utf8.index(text.startIndex, offsetBy: offset + 3)
        let rawScheme = String(text[..<separator.lowerBound])
        guard Self.isSchemeSyntax(rawScheme) else {
            throw .invalidInput("\(Printable.quoted(original)) does not start with https:// or http://.")
        }
        let scheme = rawScheme.lowercased()
        guard scheme == "https" || scheme == "http" else {
            throw .invalidInput(
                "The organization has the scheme '\(Printable.sanitized(scheme))': only https:// and http:// are accepted."
            )
        }
        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex(where: Self.endsAuthority) ?? rest.endIndex
        let authority = String(rest[..<authorityEnd])
        let afterAuthority = rest[authorityEnd...]
        let pathEnd = afterAuthority.firstIndex(where: Self.endsPath) ?? afterAuthority.endIndex
        var path = String(afterAuthority[..<pathEnd])
        // urlparse splits ";params" off the last path segment for http(s).
        if let lastSlash = path.lastIndex(of: "/"), let semicolon = path[lastSlash...].firstIndex(of: ";") {
            path = String(path[..<semicolon])
        }

        let hostPort =
            authority.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let userInfo = authority.contains("@") ? String(authority[..<authority.lastIndex(of: "@")!]) : nil
        guard !hostPort.isEmpty else {
            throw .invalidInput("\(Printable.quoted(original)) has no host name.")
        }
        if let userInfo, userInfo.contains(":") {
            throw .invalidInput(
                "The organization URL contains a password; remove it (tokens are entered separately, never in a URL)."
            )
        }
        try Self.validateHostAndPort(hostPort, original: original)

        self.scheme = scheme
        self.authority = authority
        self.path = path
    }

    static func endsAuthority(_ character: Character) -> Bool {
        character == "/" || endsPath(character)
    }

    static func endsPath(_ character: Character) -> Bool {
        character == "?" || character == "#"
    }

    static func isSchemeSyntax(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else {
            return false
        }
        return text.unicodeScalars.allSatisfy {
            $0.isASCIIAlphanumeric || $0 == "+" || $0 == "-" || $0 == "."
        }
    }

    private static func validateHostAndPort(_ hostPort: String, original: String) throws(CredentialError) {
        var host = Substring(hostPort)
        var port: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else {
                throw .invalidInput("\(Printable.quoted(original)) has an unterminated IPv6 address.")
            }
            let literal = host[host.index(after: host.startIndex)..<close]
            guard !literal.isEmpty,
                literal.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit || $0 == ":" || $0 == "." })
            else {
                throw .invalidInput("\(Printable.quoted(original)) has an invalid IPv6 address.")
            }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                port = after.dropFirst()
            } else if !after.isEmpty {
                throw .invalidInput("\(Printable.quoted(original)) has an invalid host name.")
            }
            host = literal
        } else if let colon = host.lastIndex(of: ":") {
            port = host[host.index(after: colon)...]
            host = host[..<colon]
            guard !host.isEmpty else {
                throw .invalidInput("\(Printable.quoted(original)) has no host name.")
            }
            guard host.unicodeScalars.allSatisfy(isHostScalar) else {
                throw .invalidInput("\(Printable.quoted(original)) has an invalid host name.")
            }
        } else {
            guard host.unicodeScalars.allSatisfy(isHostScalar) else {
                throw .invalidInput("\(Printable.quoted(original)) has an invalid host name.")
            }
        }
        if let port {
            guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCIIDigitCharacter),
                let number = Int(port),
                (1...65535).contains(number)
            else {
                throw .invalidInput("\(Printable.quoted(original)) has an invalid port.")
            }
        }
    }

    /// Host names: letters (any script, for internationalized names), digits, '-', '.', '_'.
    private static func isHostScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return scalar.isASCIIAlphanumeric || scalar == "-" || scalar == "." || scalar == "_"
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    var hostAndPort: String {
        authority.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? authority
    }

    var firstPathSegment: String? {
        guard !path.isEmpty else { return nil }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return segments.count > 1 ? String(segments[1]) : ""
    }

    var isAzureDevOpsServices: Bool {
        let host = hostAndPort.lowercased()
        return host == "dev.azure.com" || host.hasPrefix("dev.azure.com:") || isVisualStudioHost
    }

    var isVisualStudioHost: Bool {
        ByteSearch.contains("visualstudio.com", in: hostAndPort.lowercased())
    }

    /// The contract's normalization (interop §3): lowercase scheme and authority; drop the path
    /// for visualstudio.com; otherwise keep the first path segment, lowercased.
    func normalizedKey(rawURL: String) -> String {
        var key = scheme + "://" + authority.lowercased()
        if ByteSearch.contains("visualstudio.com", in: rawURL.lowercased()) { return key }
        if let segment = firstPathSegment { key += "/" + segment.lowercased() }
        return key
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
