/// An INI file as Python's `configparser` reads and writes it, which is how az reads and writes
/// `config` and `personalAccessTokens`.
///
/// Lines are kept as found, bytes and line endings included, and only the entries that change
/// are rewritten, in configparser's `name = value` form. A file that configparser wrote therefore
/// comes out byte for byte as configparser would write it after the same change, while comments,
/// lines configparser would reject and bytes that are not UTF-8 survive instead of being lost.
struct INIDocument: Equatable {
    /// One line as found: its text and the line ending that closed it ("\n", "\r\n", "\r", or
    /// nothing for a last line without one). Slices of the parsed file, which they share.
    struct Raw: Equatable {
        var text: ArraySlice<UInt8>
        var end: ArraySlice<UInt8>
    }

    struct Entry: Equatable {
        /// Lowercased, as configparser's `optionxform` does.
        var name: String
        var value: String
        /// The original lines (several for continued values); nil once changed.
        var original: [Raw]?
    }

    enum Line: Equatable {
        case entry(Entry)
        case other(Raw)
    }

    struct Section: Equatable {
        var name: String
        var header: Raw
        var lines: [Line]
    }

    /// Lines before the first section header.
    var preamble: [Raw] = []
    var sections: [Section] = []
    /// The ending of lines written new: the file's first one, so that a file with CR or CRLF
    /// endings keeps them.
    var newline: ArraySlice<UInt8> = [UInt8(ascii: "\n")]

    init() {}

    init(parsing bytes: [UInt8]) {
        let scan = INIScan(bytes)
        var current: Section?
        var sawEnding = false
        for line in scan {
            let raw = Raw(text: bytes[line.range], end: bytes[line.end])
            if !sawEnding, !line.end.isEmpty {
                newline = raw.end
                sawEnding = true
            }
            switch line.kind {
            case .header(let name):
                if let current { sections.append(current) }
                current = Section(name: scan.text(name), header: raw, lines: [])
            case .entry(let name, let value):
                let entry = Entry(
                    name: scan.text(name).lowercased(), value: scan.text(value), original: [raw])
                if current != nil {
                    current!.lines.append(.entry(entry))
                } else {
                    preamble.append(raw)
                }
            case .continuation(let value):
                // Only comments and blank lines can stand between an entry and its continuation
                // (junk ends it). configparser skips comments inside the value and keeps each
                // blank line as an empty line of it (`empty_lines_in_values`); all stay in its text.
                if let index = current?.lines.lastIndex(where: Self.isEntry),
                    case .entry(var entry) = current!.lines[index]
                {
                    for case .other(let between) in current!.lines[(index + 1)...] {
                        entry.original?.append(between)
                        if Self.isBlank(between.text) { entry.value += "\n" }
                    }
                    entry.value += "\n" + scan.text(value)
                    entry.original?.append(raw)
                    current!.lines.removeSubrange((index + 1)...)
                    current!.lines[index] = .entry(entry)
                }
            case .blank, .comment, .junk:
                if current != nil {
                    current!.lines.append(.other(raw))
                } else {
                    preamble.append(raw)
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
            let entry = Line.entry(Entry(name: option, value: value, original: nil))
            if let lineIndex = lines.lastIndex(where: {
                if case .entry(let entry) = $0 { entry.name == option } else { false }
            }) {
                lines[lineIndex] = entry
                if !Self.canHoldEntry(at: lineIndex + 1, in: lines) {
                    lines.remove(at: lineIndex)
                    lines.append(entry)
                }
            } else {
                // After the last entry, before trailing blank lines and comments: where configparser puts it.
                var insertion = lines.lastIndex(where: Self.isEntry).map { $0 + 1 } ?? 0
                if !Self.canHoldEntry(at: insertion, in: lines) { insertion = lines.count }
                lines.insert(entry, at: insertion)
            }
            sections[sectionIndex].lines = lines
            unindentHeader(after: sectionIndex)
        } else {
            if let last = sections.indices.last, !sections[last].endsWithBlankLine {
                sections[last].lines.append(.other(blankLine))
            } else if sections.isEmpty, let last = preamble.last, !last.text.isEmpty {
                preamble.append(blankLine)
            }
            sections.append(
                Section(
                    name: section, header: Raw(text: Array("[\(section)]".utf8)[...], end: newline),
                    lines: [.entry(Entry(name: option, value: value, original: nil)), .other(blankLine)]))
        }
    }

    private var blankLine: Raw { Raw(text: [], end: newline) }

    /// An indented header after an entry reads as a continuation of its value (configparser
    /// carries a value across blank lines and comments): the header after a section that now
    /// ends in an entry is written unindented, which reads as the same section.
    private mutating func unindentHeader(after sectionIndex: Int) {
        let next = sectionIndex + 1
        guard next < sections.count else { return }
        let header = sections[next].header
        let indentation = Self.indentation(of: header.text)
        guard indentation > 0 else { return }
        sections[next].header = Raw(text: header.text.dropFirst(indentation), end: header.end)
    }

    /// Whether a `name = value` line written unindented before `index` keeps its value: the first
    /// following line that is neither blank nor a comment must not be indented, or it reads as a
    /// continuation of the value (for configparser even across blank lines). A damaged file with
    /// an indented line right after a header would otherwise glue that line onto a stored token.
    private static func canHoldEntry(at index: Int, in lines: [Line]) -> Bool {
        for line in lines[index...] {
            let raw: ArraySlice<UInt8>
            switch line {
            case .entry(let entry): raw = entry.original?.first?.text ?? Array(entry.name.utf8)[...]
            case .other(let line): raw = line.text
            }
            let indentation = raw.prefix(while: isIndentation).count
            guard let first = raw.dropFirst(indentation).first else { continue }
            if first == UInt8(ascii: "#") || first == UInt8(ascii: ";") { continue }
            return indentation == 0
        }
        return true
    }

    /// What INIScan counts as leading whitespace. Bytes, not Characters: a space followed by a
    /// combining mark is one Character but still indentation to the scanner (and configparser).
    private static func isIndentation(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C || byte == 0x0D
    }

    private static func isEntry(_ line: Line) -> Bool {
        if case .entry = line { return true }
        return false
    }

    private static func indentation(of line: ArraySlice<UInt8>) -> Int {
        line.prefix(while: isIndentation).count
    }

    /// Blank as the scan classifies it (spaces, tabs, vertical tabs, form feeds).
    private static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy {
            $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == 0x0B || $0 == 0x0C
                || $0 == UInt8(ascii: "\r")
        }
    }

    private static func isCommentOrBlank(_ line: ArraySlice<UInt8>) -> Bool {
        let first = line.drop(while: isIndentation).first
        return first == nil || first == UInt8(ascii: "#") || first == UInt8(ascii: ";")
    }

    /// Removes every section with this name; returns whether there was one.
    @discardableResult
    mutating func removeSection(_ name: String) -> Bool {
        var removed = false
        var index = 0
        while index < sections.count {
            guard sections[index].name == name else {
                index += 1
                continue
            }
            sections.remove(at: index)
            removed = true
            // The header that follows now follows whatever preceded the removed section.
            if index > 0 { unindentHeader(after: index - 1) }
        }
        return removed
    }

    func rendered() -> [UInt8] {
        var output: [UInt8] = []
        func put(_ text: ArraySlice<UInt8>, _ end: ArraySlice<UInt8>) {
            if let last = output.last, last != UInt8(ascii: "\n"), last != UInt8(ascii: "\r") {
                // The file's last line had no ending and something now follows it.
                output += newline
            }
            if output.last == UInt8(ascii: "\r"), text.isEmpty, end.first == UInt8(ascii: "\n") {
                // A lone CR ending followed by a line that is only an LF ending would read as one
                // CRLF: an LF between them keeps both lines (the first now ends in CRLF).
                output.append(UInt8(ascii: "\n"))
            }
            output += text
            output += end
        }
        func put(_ raw: Raw) { put(raw.text, raw.end) }

        preamble.forEach(put)
        // The indentation of the last entry while a line indented deeper would continue its
        // value (after it and any comments). An indented header is a header, but not there; a
        // change (a removed section, a new entry) can put one there, so it is written unindented.
        var entryIndentation: Int?
        for section in sections {
            let deeper = entryIndentation.map { Self.indentation(of: section.header.text) > $0 } ?? false
            put(
                deeper ? section.header.text.drop(while: Self.isIndentation) : section.header.text,
                section.header.end)
            entryIndentation = nil
            for line in section.lines {
                switch line {
                case .other(let raw):
                    put(raw)
                    if !Self.isCommentOrBlank(raw.text) || raw.text.allSatisfy(Self.isIndentation) {
                        entryIndentation = nil
                    }
                case .entry(let entry):
                    entryIndentation = entry.original?.first.map { Self.indentation(of: $0.text) } ?? 0
                    if let original = entry.original {
                        original.forEach(put)
                    } else {
                        // configparser: "name = value", continuation lines indented with a tab.
                        let lines = entry.value.split(separator: "\n", omittingEmptySubsequences: false)
                        for (index, line) in lines.enumerated() {
                            put(Array(((index == 0 ? entry.name + " = " : "\t") + line).utf8)[...], newline)
                        }
                    }
                }
            }
        }
        // A mark at the start is read as the file's and dropped: a first line that starts with
        // one (junk) keeps it behind a mark of the file's, or it would read as something else.
        return output.starts(with: [0xEF, 0xBB, 0xBF]) ? [0xEF, 0xBB, 0xBF] + output : output
    }
}

extension INIDocument.Section {
    var endsWithBlankLine: Bool {
        if case .other(let raw)? = lines.last {
            return raw.text.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        }
        return false
    }
}

/// configparser's line grammar over raw bytes. Values are located, not copied, so a caller that
/// only needs section names (listing the token file) never turns a secret into a String. Lines
/// are classified as they are read rather than collected: a token file of 10,000 sections would
/// otherwise hold a 1.7 MB array of them while it is parsed.
struct INIScan: Sequence {
    enum Kind {
        case blank
        case comment
        case header(name: Range<Int>)
        case entry(name: Range<Int>, value: Range<Int>)
        case continuation(value: Range<Int>)
        case junk
    }

    struct Line {
        /// The line's text, without its ending.
        var range: Range<Int>
        var kind: Kind
        /// Its ending: "\n", "\r\n", "\r", or empty for a last line without one.
        var end: Range<Int> = 0..<0
    }

    struct Iterator: IteratorProtocol {
        fileprivate let scan: INIScan
        fileprivate var start: Int
        fileprivate var inSection = false
        fileprivate var entryIndent: Int?

        mutating func next() -> Line? {
            let bytes = scan.bytes
            guard start < bytes.count else { return nil }
            // Python's universal newlines, as configparser reads a file: "\n", "\r\n" and a lone
            // "\r" each end a line.
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") {
                end += 1
            }
            var next = Swift.min(end + 1, bytes.count)
            if end < bytes.count, bytes[end] == UInt8(ascii: "\r"), next < bytes.count,
                bytes[next] == UInt8(ascii: "\n")
            {
                next += 1
            }
            var line = scan.classify(start..<end, inSection: inSection, entryIndent: &entryIndent)
            line.end = end..<next
            if case .header = line.kind { inSection = true }
            start = next
            return line
        }
    }

    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func makeIterator() -> Iterator {
        // A byte-order mark is not part of the first line.
        Iterator(scan: self, start: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == 0x0B || byte == 0x0C
            || byte == UInt8(ascii: "\r")
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
        // A blank line does not end a value: configparser's `empty_lines_in_values` (on by
        // default, and az does not turn it off) lets an indented line after it continue it.
        if content.isEmpty { return Line(range: range, kind: .blank) }
        let first = bytes[content.lowerBound]
        if first == UInt8(ascii: "#") || first == UInt8(ascii: ";") {
            return Line(range: range, kind: .comment)
        }
        let indent = content.lowerBound - range.lowerBound
        if let entryIndent, indent > entryIndent {
            return Line(range: range, kind: .continuation(value: content))
        }
        if first == UInt8(ascii: "["),
            let close = content.lastIndex(where: { bytes[$0] == UInt8(ascii: "]") }),
            close > content.lowerBound + 1
        {
            entryIndent = nil
            return Line(range: range, kind: .header(name: (content.lowerBound + 1)..<close))
        }
        guard inSection,
            let delimiter = content.firstIndex(where: {
                bytes[$0] == UInt8(ascii: "=") || bytes[$0] == UInt8(ascii: ":")
            })
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
        return Line(
            range: range, kind: .entry(name: name, value: trimmed((delimiter + 1)..<content.upperBound)))
    }
}
