/// `organization_list` (interop §4): one credential key per line, in the order az added them.
/// az appends on every store and removes the line on logout; ado-accounts does the same and
/// tolerates blank lines, stray carriage returns, duplicates and lines that are not keys.
struct OrganizationList: Equatable {
    private(set) var lines: [String]
    /// The keys listed, each once, in file order; lines that are not keys are skipped.
    private(set) var keys: [CredentialKey] = []
    /// The same keys, for constant-time membership with thousands of organizations.
    private var members: Set<CredentialKey> = []

    init(lines: [String] = []) {
        self.lines = lines
        indexKeys()
    }

    private mutating func indexKeys() {
        for line in lines {
            if let key = CredentialKey(stored: line.trimmingTrailingWhitespace), members.insert(key).inserted
            {
                keys.append(key)
            }
        }
    }

    init(parsing bytes: [UInt8]) {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        // Split bytes, not Characters: "\r\n" is a single Character in Swift.
        lines = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
        }
        if lines.last == "" { lines.removeLast() }
        indexKeys()
    }

    static func == (lhs: OrganizationList, rhs: OrganizationList) -> Bool { lhs.lines == rhs.lines }

    func contains(_ key: CredentialKey) -> Bool {
        members.contains(key)
    }

    mutating func add(_ key: CredentialKey) {
        if members.insert(key).inserted {
            lines.append(key.rawValue)
            keys.append(key)
        }
    }

    /// Removes every line naming the key; returns whether there was one.
    @discardableResult
    mutating func remove(_ key: CredentialKey) -> Bool {
        guard members.remove(key) != nil else { return false }
        keys.removeAll { $0 == key }
        let before = lines.count
        lines.removeAll { $0.trimmingTrailingWhitespace == key.rawValue }
        return lines.count != before
    }

    /// Whether a line can name the key: one that holds a line break, or ends in whitespace (which
    /// az strips when reading), would read back as something else.
    static func canHoldLine(for key: CredentialKey) -> Bool {
        !key.rawValue.utf8.contains { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
            && key.rawValue.trimmingTrailingWhitespace == key.rawValue
    }

    /// Each line ends with a newline; blank lines and trailing whitespace (stray carriage
    /// returns) are dropped.
    func rendered() -> [UInt8] {
        let kept = lines.map(\.trimmingTrailingWhitespace).filter { !$0.isEmpty }
        let text = kept.map { $0 + "\n" }.joined()
        // A byte-order mark at the start of the file is read as one and dropped. A line that
        // starts with one (not a key) and now comes first keeps it behind a mark of the file's.
        let bytes = Array(text.utf8)
        return kept.first?.unicodeScalars.first == "\u{FEFF}" ? [0xEF, 0xBB, 0xBF] + bytes : bytes
    }
}

extension StringProtocol {
    var trimmingTrailingWhitespace: String {
        guard let last = unicodeScalars.last, last.properties.isWhitespace else { return String(self) }
        var text = String(self)
        while let last = text.unicodeScalars.last, last.properties.isWhitespace {
            text.unicodeScalars.removeLast()
        }
        return text
    }
}
