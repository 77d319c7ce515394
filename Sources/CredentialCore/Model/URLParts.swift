/// The pieces of an absolute http(s) URL, split the way Python's `urlparse` splits them, which is
/// what az's key normalization is written against.
///
/// Refused everywhere, whoever wrote the URL: control characters, whitespace before the path,
/// `.` and `..` path segments and backslashes (servers resolve them away, so the address checked
/// would not be the organization stored), and a password. User information (`name@host`) is
/// refused in what people type, where it only serves to disguise the host, and accepted in
/// what az stored, which keeps it in keys.
struct URLParts {
    let scheme: String
    let authority: String
    let path: String

    init(_ text: String, original: String, allowsUserInfo: Bool) throws(CredentialError) {
        if text.unicodeScalars.contains(where: \.isControl) {
            throw .invalidInput(
                "The organization contains a control character: \(Printable.quoted(original)).")
        }
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
        if authority.unicodeScalars.contains(where: \.properties.isWhitespace) {
            throw .invalidInput(
                "The organization contains a space before its path: \(Printable.quoted(original)).")
        }
        let afterAuthority = rest[authorityEnd...]
        let pathEnd = afterAuthority.firstIndex(where: Self.endsPath) ?? afterAuthority.endIndex
        var path = String(afterAuthority[..<pathEnd])
        // urlparse splits ";params" off the last path segment for http(s). Scalars, not
        // Characters: Swift finds ";" in U+037E (GREEK QUESTION MARK, canonically a semicolon),
        // which urlparse leaves in the path.
        let scalars = path.unicodeScalars
        if let lastSlash = scalars.lastIndex(of: "/"),
            let semicolon = scalars[lastSlash...].firstIndex(of: ";")
        {
            path = String(scalars[..<semicolon])
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
        if let userInfo, !allowsUserInfo {
            throw .invalidInput(
                "The organization URL names '\(Printable.sanitized(userInfo, limit: 60))@' before its host, which is \(Printable.sanitized(Punycode.asciiHost(hostPort.lowercased()), limit: 80)); give the URL without it: \(Printable.sanitized(scheme + "://" + hostPort + path, limit: 120))."
            )
        }
        try Self.validatePath(path, original: original)

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

    /// curl, and the servers behind it, resolve `.` and `..` segments (percent-encoded too) and
    /// IIS reads `\` as `/`: `https://tfs/coll/../x` would be checked at `/x` and stored as
    /// `coll`. Such a path has no single meaning, so it is refused rather than rewritten.
    private static func validatePath(_ path: String, original: String) throws(CredentialError) {
        if path.utf8.contains(UInt8(ascii: "\\")) {
            throw .invalidInput(
                "The organization's path contains a backslash, which some servers read as '/': \(Printable.quoted(original))."
            )
        }
        for segment in path.split(separator: "/") {
            // az keeps such a key, but organization_list cannot: az strips the line's end.
            if segment.unicodeScalars.first!.properties.isWhitespace
                || segment.unicodeScalars.last!.properties.isWhitespace
            {
                throw .invalidInput(
                    "A segment of the organization's path starts or ends with a space: \(Printable.quoted(original))."
                )
            }
        }
        guard path.utf8.contains(UInt8(ascii: ".")) || path.utf8.contains(UInt8(ascii: "%")) else { return }
        for segment in path.split(separator: "/") where isDotSegment(segment) {
            let dots = segment.unicodeScalars.prefix { $0 != ";" }
            let decoded = dots.count == 1 || dots.count == 3 ? "." : ".."
            throw .invalidInput(
                "The organization's path has a '\(decoded)' segment, which would be checked at another address than the one stored: \(Printable.quoted(original))."
            )
        }
    }

    /// `.` or `..`, percent-encoded or not: a client resolves them away, so the address checked
    /// would not be the one the key names.
    static func isDotSegment(_ segment: Substring) -> Bool {
        isDotSegment(bytes: segment.utf8)
    }

    /// One or two dots, each `.`, `%2e` or `%2E`, before any `;params` (urlparse takes them off
    /// the last segment, so `.;x` typed before other segments becomes `.` in the key's own URL);
    /// read as bytes, as every organization's URL passes here (`replacing` goes through
    /// _StringProcessing's generic code).
    private static func isDotSegment(bytes: some Collection<UInt8>) -> Bool {
        var dots = 0
        var rest = bytes[...]
        while let first = rest.first, first != UInt8(ascii: ";") {
            if first == UInt8(ascii: ".") {
                rest = rest.dropFirst()
            } else if rest.starts(with: "%2e".utf8) || rest.starts(with: "%2E".utf8) {
                rest = rest.dropFirst(3)
            } else {
                return false
            }
            dots += 1
            if dots > 2 { return false }
        }
        return dots > 0
    }

    /// Whether any '/'-separated part of the text is a dot segment. ASCII text is split as bytes,
    /// where they and characters agree (a '/' followed by a combining mark is no separator).
    static func hasDotSegment(_ text: String) -> Bool {
        guard text.utf8.contains(UInt8(ascii: ".")) || text.utf8.contains(UInt8(ascii: "%")) else {
            return false
        }
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return text.utf8.split(separator: UInt8(ascii: "/")).contains { isDotSegment(bytes: $0) }
        }
        return text.split(separator: "/").contains(where: isDotSegment)
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

    /// The text before the last '@' of the authority, when there is one.
    var userInfo: String? {
        authority.lastIndex(of: "@").map { String(authority[..<$0]) }
    }

    /// The host without user information or port, lowercased as az lowercases it.
    var host: OrganizationHost {
        let hostPort = hostAndPort
        return OrganizationHost(
            name: PythonLowercase.lower(hostPort.dropLast(port.utf8.count)), userInfo: userInfo)
    }

    /// ":PORT", or empty when the URL names none.
    var port: String {
        let hostPort = hostAndPort
        let afterBracket = hostPort.lastIndex(of: "]").map { hostPort[$0...] } ?? hostPort[...]
        return afterBracket.lastIndex(of: ":").map { String(afterBracket[$0...]) } ?? ""
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

    /// The contract's normalization (docs/storage.md §3): lowercase scheme and authority; drop the path
    /// for visualstudio.com; otherwise keep the first path segment, lowercased. Lowercased as
    /// Python lowercases (az lowers the authority and the whole path, each as one string).
    func normalizedKey(rawURL: String) -> String {
        var key = scheme + "://" + PythonLowercase.lower(authority)
        if ByteSearch.contains("visualstudio.com", in: PythonLowercase.lower(rawURL)) { return key }
        if !path.isEmpty {
            let lowered = PythonLowercase.lower(path)
            let segments = lowered.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
            // Appended as a Substring: `"/" + segment` would take the unspecialized generic path.
            key += "/"
            if segments.count > 1 { key.append(contentsOf: segments[1]) }
        }
        return key
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
