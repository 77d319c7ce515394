/// `organization_list` (docs/storage.md §4): one credential key per line, in the order az added them.
/// az appends on every store and removes the line on logout; ado-accounts does the same and
/// tolerates blank lines, stray carriage returns, duplicates and lines that are not keys.
/// Lines end as Python's universal newlines end them (az reads the file in text mode: "\n",
/// "\r\n" or a lone "\r"); lines that are not keys keep their bytes, UTF-8 or not.
struct OrganizationList: Equatable {
    /// Without their endings.
    private(set) var lines: [[UInt8]]
    /// The keys listed, each once, in file order; lines that are not keys are skipped.
    private(set) var keys: [CredentialKey] = []
    /// The same keys, for constant-time membership with thousands of organizations.
    private var members: Set<CredentialKey> = []

    init() {
        lines = []
    }

    private mutating func indexKeys() {
        for line in lines {
            if let key = Self.key(in: line), members.insert(key).inserted { keys.append(key) }
        }
    }

    private static func key(in line: [UInt8]) -> CredentialKey? {
        String(validating: line, as: UTF8.self).flatMap {
            CredentialKey(stored: $0.trimmingTrailingWhitespace)
        }
    }

    init(parsing bytes: [UInt8]) {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        lines = []
        var start = body.startIndex
        while start < body.endIndex {
            var end = start
            while end < body.endIndex, body[end] != UInt8(ascii: "\n"), body[end] != UInt8(ascii: "\r") {
                end += 1
            }
            lines.append(Array(body[start..<end]))
            start = end + 1
            if end < body.endIndex, body[end] == UInt8(ascii: "\r"), start < body.endIndex,
                body[start] == UInt8(ascii: "\n")
            {
                start += 1
            }
        }
        indexKeys()
    }

    static func == (lhs: OrganizationList, rhs: OrganizationList) -> Bool { lhs.lines == rhs.lines }

    func contains(_ key: CredentialKey) -> Bool {
        members.contains(key)
    }

    mutating func add(_ key: CredentialKey) {
        if members.insert(key).inserted {
            lines.append(Array(key.rawValue.utf8))
            keys.append(key)
        }
    }

    /// Removes every line naming the key; returns whether there was one.
    @discardableResult
    mutating func remove(_ key: CredentialKey) -> Bool {
        guard members.remove(key) != nil else { return false }
        keys.removeAll { $0 == key }
        let before = lines.count
        lines.removeAll { Self.key(in: $0) == key }
        return lines.count != before
    }

    /// Whether a line can name the key: one that holds a line break, or ends in whitespace (which
    /// az strips when reading), would read back as something else.
    static func canHoldLine(for key: CredentialKey) -> Bool {
        !key.rawValue.utf8.contains { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
            && key.rawValue.trimmingTrailingWhitespace == key.rawValue
    }

    /// Each line ends with a newline, as az writes them; blank lines and trailing whitespace
    /// (stray carriage returns) are dropped.
    func rendered() -> [UInt8] {
        var bytes: [UInt8] = []
        var first: [UInt8]?
        for line in lines {
            let kept: [UInt8]
            if let text = String(validating: line, as: UTF8.self) {
                kept = Array(text.trimmingTrailingWhitespace.utf8)
            } else {
                kept = Array(line[..<(line.lastIndex { !Self.isASCIIWhitespace($0) }.map { $0 + 1 } ?? 0)])
            }
            if kept.isEmpty { continue }
            if first == nil { first = kept }
            bytes += kept
            bytes.append(UInt8(ascii: "\n"))
        }
        // A byte-order mark at the start of the file is read as one and dropped. A line that
        // starts with one (not a key) and now comes first keeps it behind a mark of the file's.
        return first?.starts(with: [0xEF, 0xBB, 0xBF]) == true ? [0xEF, 0xBB, 0xBF] + bytes : bytes
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
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
