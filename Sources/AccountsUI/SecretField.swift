import CredentialCore

/// The token being typed in the login form: UTF-8 bytes that only the login effect reads. The view
/// gets its length and nothing else, and printing or dumping one shows `<redacted>`.
///
/// The bytes are zeroed when characters are deleted and when the field is cleared, and growing
/// leaves no copy behind; copies that Swift's value semantics may have made of an earlier state
/// cannot be reached from here, which is why the form is cleared as soon as it closes. Once
/// submitted, the token is a `PersonalAccessToken`, which cannot be wiped (see there).
struct SecretField: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private(set) var bytes: [UInt8] = []
    /// UTF-8 length of each character, so that Backspace removes a whole character.
    private var characterLengths: [UInt8] = []

    var count: Int { characterLengths.count }
    var isEmpty: Bool { characterLengths.isEmpty }

    mutating func append(_ character: Character) {
        // A one-character String is stored inline, not on the heap.
        let encoded = String(character).utf8
        SecretBytes.append(encoded, to: &bytes)
        characterLengths.append(UInt8(clamping: encoded.count))
    }

    mutating func removeLast() {
        guard let length = characterLengths.popLast() else { return }
        let start = bytes.count - Int(length)
        for index in start..<bytes.count { bytes[index] = 0 }
        bytes.removeLast(Int(length))
    }

    mutating func wipe() {
        SecretBytes.wipe(&bytes)
        bytes.removeAll()
        characterLengths.removeAll()
    }

    var description: String { "<redacted>" }
    var debugDescription: String { "<redacted>" }
    var customMirror: Mirror { Mirror(self, children: []) }
}
