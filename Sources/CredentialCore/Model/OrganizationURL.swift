/// An Azure DevOps organization (or Azure DevOps Server collection) as the user named it, with the
/// credential key az derives from it.
///
/// Accepts full `http(s)://` URLs, `host/path` without a scheme when the host has a dot, and bare
/// organization names, which expand to `https://dev.azure.com/NAME`. A path may contain spaces, as
/// az allows (a server collection "My Collection").
public struct OrganizationURL: Hashable, Sendable, CustomStringConvertible {
    /// The URL as given, after expansion of a bare name and reduction of a pasted project or
    /// repository address to its organization (`PastedOrganizationURL.swift`). This is what
    /// goes into `config`.
    public let url: String
    public let key: CredentialKey

    static let maximumLength = 2048

    /// What a person typed (an option, the login form, `configure`). User information
    /// (`name@host`) is refused: in a typed URL it only serves to make another host read like
    /// Azure DevOps (`https://dev.azure.com@evil.example/org`).
    public init(_ input: String) throws(CredentialError) {
        try self.init(parsing: input, allowsUserInfo: false)
    }

    /// A value already stored, such as the default organization az wrote into `config`: az
    /// accepts user information (a clone URL, `https://org@dev.azure.com/org/_git/repo`), and so
    /// does this; `hostWarning` names the real host when the user part could mislead.
    public init(stored value: String) throws(CredentialError) {
        try self.init(parsing: value, allowsUserInfo: true)
    }

    private init(parsing input: String, allowsUserInfo: Bool) throws(CredentialError) {
        let expanded = try Self.organization(typed: input)
        // Again after "https://" was added to a host name: every stored key's URL must parse.
        if expanded.count > Self.maximumLength {
            throw .invalidInput(
                "The organization is \(expanded.count) characters long as a URL; the limit is \(Self.maximumLength)."
            )
        }
        let parts = try URLParts(expanded, original: input, allowsUserInfo: allowsUserInfo)
        url = expanded
        key = CredentialKey(organizationKey: parts.normalizedKey(rawURL: expanded))
    }

    /// The organization a stored key stands for; the key's URL is the best spelling there is.
    /// Nil for a key that is not such a URL (a raw key: listed and removable, never checked).
    public init?(key: CredentialKey) {
        guard let url = key.organizationURL else { return nil }
        guard
            Self.plainKeyHost(url) != nil
                || (url.utf8.count <= Self.maximumLength * 4
                    && (try? URLParts(url, original: url, allowsUserInfo: true)) != nil)
        else { return nil }
        self.url = url
        self.key = key
    }

    public var description: String { url }

    /// For a listing, in one parse: whether a stored key is raw (no organization URL
    /// ado-accounts can use), and its host warning when it is not.
    static func listingTraits(of key: CredentialKey) -> (isRaw: Bool, hostWarning: String?) {
        guard let url = key.organizationURL else { return (false, nil) }
        if let host = plainKeyHost(url) {
            // Nearly every key: Azure DevOps Services itself, ASCII, no user information.
            if host == "dev.azure.com" { return (false, nil) }
            return (false, OrganizationHost(name: host, userInfo: nil).warning)
        }
        guard url.utf8.count <= maximumLength * 4,
            let parts = try? URLParts(url, original: url, allowsUserInfo: true)
        else { return (true, nil) }
        return (false, parts.host.warning)
    }

    /// The host of a key URL of the shape az writes for nearly every organization,
    /// `http(s)://host[:port][/name]` in lowercase ASCII letters, digits and `-._~`, which
    /// `URLParts` accepts; nil for any other shape, which takes the full parse. A listing of ten
    /// thousand keys would otherwise spend most of its time splitting strings.
    static func plainKeyHost(_ url: String) -> String? {
        var url = url
        return url.withUTF8 { bytes -> String? in
            let schemeEnd: Int
            if bytes.starts(with: "https://".utf8) {
                schemeEnd = 8
            } else if bytes.starts(with: "http://".utf8) {
                schemeEnd = 7
            } else {
                return nil
            }
            func isName(_ byte: UInt8) -> Bool {
                (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x2E
                    || byte == 0x5F
            }
            var index = schemeEnd
            while index < bytes.count, isName(bytes[index]) { index += 1 }
            guard index > schemeEnd else { return nil }
            let host = String(decoding: bytes[schemeEnd..<index], as: UTF8.self)
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                let portStart = index + 1
                index = portStart
                var port = 0
                while index < bytes.count, (0x30...0x39).contains(bytes[index]), index - portStart < 5 {
                    port = port * 10 + Int(bytes[index] - 0x30)
                    index += 1
                }
                guard index > portStart, (1...65535).contains(port) else { return nil }
            }
            guard index < bytes.count else { return host }
            guard bytes[index] == UInt8(ascii: "/") else { return nil }
            let segment = bytes[(index + 1)...]
            guard segment.allSatisfy({ isName($0) || (0x41...0x5A).contains($0) || $0 == 0x7E }),
                !segment.elementsEqual(".".utf8), !segment.elementsEqual("..".utf8)
            else { return nil }
            return host
        }
    }

    /// The canonical spelling, as stored in keys: lowercase, organization only.
    public var canonicalURL: String { key.organizationURL ?? url }

    /// Where `connectionData` lives. For Azure DevOps Services the organization root; for a
    /// server, the collection path as typed. Never carries user information: credentials travel
    /// only in the Authorization header. The host is in its ASCII form (the one `hostWarning`
    /// shows) and the path percent-encoded, as az's HTTP library sends it (a space as %20).
    public var connectionDataURL: String {
        let parts = self.parts
        let host = parts.host
        var base = parts.scheme + "://" + host.ascii + parts.port
        if parts.isAzureDevOpsServices {
            if !parts.isVisualStudioHost, let segment = parts.firstPathSegment, !segment.isEmpty {
                base += "/" + Self.percentEncoded(PythonLowercase.lower(segment))
            }
        } else {
            // A server's collection is the typed path up to the first "_" segment (_git, _apis, …).
            let segments = parts.path.split(separator: "/").prefix { !$0.hasPrefix("_") }
            base += segments.map { "/" + Self.percentEncoded($0) }.joined()
        }
        return base + "/_apis/connectionData"
    }

    /// Set when the organization may not be where it seems to be: the real host, in ASCII, when
    /// it has non-ASCII letters, imitates dev.azure.com or visualstudio.com, or follows user
    /// information that reads like a host. One phrase ("the host is …"); nil for a plain host.
    public var hostWarning: String? { parts.host.warning }

    /// How to name the organization to people where a token is about to go to it: the canonical
    /// URL, and the host warning when there is one.
    public var displayName: String {
        let name = Printable.sanitized(canonicalURL)
        return hostWarning.map { "\(name) (\($0))" } ?? name
    }

    /// Parsed again when asked: validated at construction, so this cannot fail.
    var parts: URLParts { try! URLParts(url, original: url, allowsUserInfo: true) }

    private static let urlSyntax = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/%".utf8)

    /// Bytes outside the URL syntax (spaces, non-ASCII letters, quotes, braces) as %XX; '%'
    /// itself is kept, so an encoding already typed is sent as typed.
    static func percentEncoded(_ text: some StringProtocol) -> String {
        if text.utf8.allSatisfy(urlSyntax.contains) { return String(text) }
        var result = ""
        for byte in text.utf8 {
            if urlSyntax.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
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
        if input.unicodeScalars.contains(where: \.isControl) {
            throw .invalidInput("The organization contains a control character: \(Printable.quoted(input)).")
        }
        // A path may hold spaces (az's own keys do); the ends may not, where they are mistakes.
        if input.unicodeScalars.first!.properties.isWhitespace
            || input.unicodeScalars.last!.properties.isWhitespace
        {
            throw .invalidInput("The organization starts or ends with a space: \(Printable.quoted(input)).")
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
        if host.unicodeScalars.contains(where: \.properties.isWhitespace) {
            throw .invalidInput(
                "The organization contains a space before its path: \(Printable.quoted(input)).")
        }
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
