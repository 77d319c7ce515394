/// The name a PAT is stored under, shared with az: `azdevops-cli:` followed by the normalized
/// organization URL, or `azdevops-cli: default` (with one space) for the default credential.
public struct CredentialKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let prefix = "azdevops-cli:"
    public static let defaultCredential = CredentialKey(rawValue: "azdevops-cli: default")

    public let rawValue: String

    private init(rawValue: String) {
        self.rawValue = rawValue
    }

    init(organizationKey normalizedURL: String) {
        rawValue = Self.prefix + normalizedURL
    }

    /// A key read back from a store or from `organization_list`; nil when it is not one of az's.
    public init?(stored text: some StringProtocol) {
        let text = String(text)
        if text == Self.defaultCredential.rawValue {
            self = .defaultCredential
            return
        }
        guard Self.isOrganizationKey(text) else { return nil }
        rawValue = text
    }

    /// `azdevops-cli:` then something with `://` and no whitespace or control character. Checked
    /// on UTF-8 bytes (this runs once per stored key, thousands of times for a large store);
    /// only non-ASCII text goes through the Unicode tables.
    private static func isOrganizationKey(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let prefix = Self.prefix.utf8
            guard bytes.count > prefix.count, bytes.starts(with: prefix) else { return false }
            let url = bytes[prefix.count...]
            var hasSeparator = false
            var isASCII = true
            var index = url.startIndex
            while index < url.endIndex {
                let byte = url[index]
                if byte >= 0x80 {
                    isASCII = false
                } else if byte <= 0x20 || byte == 0x7F {
                    return false
                } else if byte == UInt8(ascii: ":"), index + 2 < url.endIndex,
                    url[index + 1] == UInt8(ascii: "/"),
                    url[index + 2] == UInt8(ascii: "/")
                {
                    hasSeparator = true
                }
                index += 1
            }
            guard hasSeparator else { return false }
            return isASCII
                || !String(decoding: url, as: UTF8.self).unicodeScalars.contains(
                    where: \.isWhitespaceOrControl)
        }
    }

    public var isDefaultCredential: Bool { self == .defaultCredential }

    /// The normalized organization URL; nil for the default credential.
    public var organizationURL: String? {
        isDefaultCredential ? nil : String(rawValue.dropFirst(Self.prefix.count))
    }

    public var description: String { rawValue }

    /// Sorted as `<` sorts them, computing each key's URL once rather than on every comparison.
    static func sorted(_ keys: some Sequence<CredentialKey>) -> [CredentialKey] {
        keys.map { ($0, $0.organizationURL) }.sorted { precedes($0.1, $1.1) }.map(\.0)
    }

    /// Organizations sort by URL; the default credential sorts last.
    public static func < (lhs: CredentialKey, rhs: CredentialKey) -> Bool {
        precedes(lhs.organizationURL, rhs.organizationURL)
    }

    private static func precedes(_ lhs: String?, _ rhs: String?) -> Bool {
        switch (lhs, rhs) {
        case let (left?, right?): left < right
        case (nil, _?): false
        case (_?, nil): true
        case (nil, nil): false
        }
    }
}
