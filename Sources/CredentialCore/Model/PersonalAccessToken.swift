/// A PAT. Its `description` and reflection are redacted, so interpolating or dumping one by
/// mistake prints `<redacted>`; the secret is reached only through `revealed`.
///
/// In memory, the token is a `String`, and so is every copy made to use it: the header of a
/// check, exec's environment, git's answer, the token file's new text. Swift cannot overwrite
/// a String's storage, so these copies stay in freed memory until it is reused (the process is
/// non-dumpable, so only root can read them: `ProcessHardening`), and none is wiped, since the
/// String it came from outlives it. What is wiped (`SecretBytes`) is what a token is read from
/// before it becomes one: the typed line or form field, the token file's contents, az's output,
/// libsecret's buffer. Those may hold a token that is refused or that is never used (the token
/// file holds every organization's), and they grow without leaving copies behind.
public struct PersonalAccessToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public static let maximumLength = 1024

    private let value: String

    /// Validates a token typed or piped by the user: not empty, at most 1,024 characters, no
    /// whitespace or control characters inside.
    public init(_ value: String) throws(CredentialError) {
        if value.isEmpty { throw .invalidInput("The token is empty; nothing was stored.") }
        if value.unicodeScalars.count > Self.maximumLength {
            throw .invalidInput(
                "The token is longer than \(Self.maximumLength) characters; nothing was stored.")
        }
        if value.unicodeScalars.contains(where: { $0.isControl }) {
            throw .invalidInput("The token contains a control character; nothing was stored.")
        }
        if value.unicodeScalars.contains(where: { $0.properties.isWhitespace }) {
            throw .invalidInput("The token contains whitespace; nothing was stored.")
        }
        self.value = value
    }

    /// A token as typed or piped: whitespace removed from both ends (az strips the end, Python's
    /// `rstrip`; a space pasted before the token is as plainly not part of it), then it must be
    /// UTF-8 and pass the checks above. The caller wipes its buffer.
    public init(entered bytes: [UInt8]) throws(CredentialError) {
        var start = 0
        var end = bytes.count
        while end > 0, Self.isEdgeWhitespace(bytes[end - 1]) { end -= 1 }
        while start < end, Self.isEdgeWhitespace(bytes[start]) { start += 1 }
        if end - start > Self.maximumLength * 4 {
            throw .invalidInput(
                "The token is longer than \(Self.maximumLength) characters; nothing was stored.")
        }
        guard let text = String(validating: bytes[start..<end], as: UTF8.self) else {
            throw .invalidInput("The token is not valid UTF-8; nothing was stored.")
        }
        try self.init(text)
    }

    /// ASCII whitespace and the separators \x1c-\x1f, which `str.strip()` also removes.
    private static func isEdgeWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte) || (0x1C...0x1F).contains(byte)
    }

    /// A token read back from a store or the environment, taken as it is.
    init(stored value: String) {
        self.value = value
    }

    public var revealed: String { value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
