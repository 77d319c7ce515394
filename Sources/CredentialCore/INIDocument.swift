/// An INI file as Python's `configparser` reads and writes it, which is how az reads and writes
/// `config` and `personalAccessTokens`.
///
/// Lines are kept as found and only the entries that change are rewritten, in configparser's
/// `name = value` form. A file that configparser wrote therefore comes out byte for byte as
/// configparser would write it after the same change, while comments and lines configparser
/// would reject survive instead of being lost.
struct INIDocument: Equatable {
    struct Entry: Equatable {
        /// Lowercased, as configparser's `optionxform` does.
        var name: String
        var value: String
        /// The original text (several lines for continued values); nil once changed.
        var original: [String]?
    }

    enum Line: Equatable {
        case entry(Entry)
        case other(String)
    }

    struct Section: Equatable {
        var name: String
        var header: String
        var lines: [Line]
    }

    /// Lines before the first section header.
    var preamble: [String] = []
    var sections: [Section] = []

    init() {}

    init(parsing bytes: [UInt8]) {
        let scan = INIScan(bytes)
        var current: Section?
        for line in scan.lines {
            switch line.kind {
            case .header(let name):
                if let current { sections.append(current) }
                current = Section(name: scan.text(name), header: scan.text(line.range), lines: [])
            case .entry(let name, let value):
                let entry = Entry(
                    name: scan.text(name).lowercased(), value: scan.text(value), original: [scan.text(line.range)])
                if current != nil { current!.lines.append(.entry(entry)) } else { preamble.append(scan.text(line.range)) }
            case .continuation(let value):
                if case .entry(var entry)? = current?.lines.last {
                    entry.value += "\n" + scan.text(value)
                    entry.original?.append(scan.text(line.range))
                    current!.lines[current!.lines.count - 1] = .entry(entry)
                }
            case .blank, .comment, .junk:
                if current != nil { current!.lines.append(.other(scan.text(line.range))) } else {
                    preamble.append(scan.text(line.range))
                }
            }
        }
        if let current { sections.append(current) }
    }

    var sectionNames: [String] {
        var seen = Set<String>()
        return sections.map(\.name).filter { seen.insert($0).inserted }
    }

    /// The value of an option; with duplicate sections or options the last one wins, as in a
    /// non-strict configparser (a strict one, az's, refuses such a file outright).
    func value(section: String, option: String) -> String? {
        let option = option.lowercased()
        var found: String?
        for candidate in sections where candidate.name == section {
            for case .entry(let entry) in candidate.lines where entry.name == option {
                found = entry.value
            }
        }
        return found
    }

    func hasSection(_ name: String) -> Bool {
        sections.contains { $0.name == name }
    }

    /// Entries of a section in file order, later duplicates replacing earlier ones.
    func entries(section: String) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        for candidate in sections where candidate.name == section {
            for case .entry(let entry) in candidate.lines {
                if let index = result.firstIndex(where: { $0.name == entry.name }) {
                    result[index].value = entry.value
                } else {
                    result.append((entry.name, entry.value))
                }
            }
        }
        return result
    }

    mutating func setValue(_ value: String, section: String, option: String) {
        let option = option.lowercased()
        if let sectionIndex = sections.lastIndex(where: { $0.name == section }) {
            var lines = sections[sectionIndex].lines
            if let lineIndex = lines.lastIndex(where: { if case .entry(let entry) = $0 { entry.name == option } else { false } }) {
                lines[lineIndex] = .entry(Entry(name: option, value: value, original: nil))
            } else {
                // After the last entry, before trailing blank lines and comments: where configparser puts it.
                let insertion = (lines.lastIndex { if case .entry = $0 { true } else { false } }).map { $0 + 1 } ?? 0
                lines.insert(.entry(Entry(name: option, value: value, original: nil)), at: insertion)
            }
            sections[sectionIndex].lines = lines
        } else {
            if let last = sections.indices.last, !sections[last].endsWithBlankLine {
                sections[last].lines.append(.other(""))
            } else if sections.isEmpty, let last = preamble.last, !last.isEmpty {
                preamble.append("")
            }
            sections.append(
                Section(
                    name: section, header: "[\(section)]",
                    lines: [.entry(Entry(name: option, value: value, original: nil)), .other("")]))
        }
    }

    /// Removes every section with this name; returns whether there was one.
    @discardableResult
    mutating func removeSection(_ name: String) -> Bool {
        let before = sections.count
        sections.removeAll { $0.name == name }
        return sections.count != before
    }

    func rendered() -> [UInt8] {
        var text = ""
        for line in preamble { text += line + "\n" }
        for section in sections {
            text += section.header + "\n"
            for line in section.lines {
                switch line {
                case .other(let raw):
                    text += raw + "\n"
                case .entry(let entry):
                    if let original = entry.original {
                        for raw in original { text += raw + "\n" }
                    } else {
                        // configparser: "name = value", continuation lines indented with a tab.
                        text += entry.name + " = " + entry.value.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n\t") + "\n"
                    }
                }
            }
        }
        return Array(text.utf8)
    }
}

extension INIDocument.Section {
    var endsWithBlankLine: Bool {
        if case .other(let raw)? = lines.last { return raw.allSatisfy { $0 == " " || $0 == "\t" } }
        return false
    }
}

/// configparser's line grammar over raw bytes. Values are located, not copied, so a caller that
/// only needs section names (listing the token file) never turns a secret into a String.
struct INIScan {
    enum Kind {
        case blank
        case comment
        case header(name: Range<Int>)
        case entry(name: Range<Int>, value: Range<Int>)
        case continuation(value: Range<Int>)
        case junk
    }

    struct Line {
        var range: Range<Int>
        var kind: Kind
    }

    let bytes: [UInt8]
    private(set) var lines: [Line] = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }  // a byte-order mark
        var inSection = false
        var entryIndent: Int?
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let next = end + 1
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let line = classify(start..<lineEnd, inSection: inSection, entryIndent: &entryIndent)
            if case .header = line.kind { inSection = true }
            lines.append(line)
            start = next
        }
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == 0x0B || byte == 0x0C || byte == UInt8(ascii: "\r")
    }

    private func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    private func classify(_ range: Range<Int>, inSection: Bool, entryIndent: inout Int?) -> Line {
        let content = trimmed(range)
        if content.isEmpty {
            entryIndent = nil
            return Line(range: range, kind: .blank)
        }
        let first = bytes[content.lowerBound]
        if first == UInt8(ascii: "#") || first == UInt8(ascii: ";") {
            return Line(range: range, kind: .comment)
        }
        let indent = content.lowerBound - range.lowerBound
        if let entryIndent, indent > entryIndent {
            return Line(range: range, kind: .continuation(value: content))
        }
        if first == UInt8(ascii: "["), let close = content.lastIndex(where: { bytes[$0] == UInt8(ascii: "]") }),
            close > content.lowerBound + 1
        {
            entryIndent = nil
            return Line(range: range, kind: .header(name: (content.lowerBound + 1)..<close))
        }
        guard inSection,
            let delimiter = content.firstIndex(where: { bytes[$0] == UInt8(ascii: "=") || bytes[$0] == UInt8(ascii: ":") })
        else {
            entryIndent = nil
            return Line(range: range, kind: .junk)
        }
        let name = trimmed(content.lowerBound..<delimiter)
        guard !name.isEmpty else {
            entryIndent = nil
            return Line(range: range, kind: .junk)
        }
        entryIndent = indent
        return Line(range: range, kind: .entry(name: name, value: trimmed((delimiter + 1)..<content.upperBound)))
    }
}
