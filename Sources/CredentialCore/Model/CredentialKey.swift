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

    /// A key read back from a store or from `organization_list`: any text az could have
    /// stored, which is `azdevops-cli:` and whatever followed it; nil for other programs' items.
    /// A key that is not an organization URL ado-accounts can use (az keeps what its URL parser
    /// let through) is still a key: listed as it is, reported by doctor, removable.
    public init?(stored text: some StringProtocol) {
        let text = String(text)
        if text == Self.defaultCredential.rawValue {
            self = .defaultCredential
            return
        }
        guard text.utf8.starts(with: Self.prefix.utf8) else { return nil }
        rawValue = text
    }

    public var isDefaultCredential: Bool { self == .defaultCredential }

    /// How every message names the default credential.
    public static let defaultCredentialName = "the default credential"

    /// The normalized organization URL; nil for the default credential.
    public var organizationURL: String? {
        if isDefaultCredential { return nil }
        // Listings and sorting ask for every key's URL, several times: skip the prefix as bytes
        // (counting characters costs a grapheme walk). An ASCII byte after the prefix's ':'
        // starts a character of its own; anything else (a combining mark joins the ':') takes
        // the character count, so the URL is the same either way.
        let bytes = rawValue.utf8
        let start = bytes.index(bytes.startIndex, offsetBy: Self.prefix.utf8.count)
        if start == bytes.endIndex || bytes[start] < 0x80 { return String(rawValue[start...]) }
        return String(rawValue.dropFirst(Self.prefix.count))
    }

    public var description: String { rawValue }

    /// How messages name the key: its organization URL, "the default credential", or, for a key
    /// that is not an organization URL ado-accounts can use, the whole key, quoted.
    public var spokenName: String {
        guard let url = organizationURL else { return Self.defaultCredentialName }
        if OrganizationURL(key: self) == nil { return "the key " + Printable.quoted(rawValue) }
        return Printable.sanitized(url)
    }

    /// "the token for URL", or "the default credential" (which is a token).
    public var spokenToken: String {
        isDefaultCredential ? spokenName : "the token for " + spokenName
    }

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
