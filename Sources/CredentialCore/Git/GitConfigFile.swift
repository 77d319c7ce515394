#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One file in git's configuration syntax, parsed the way git's own parser (config.c) reads it,
/// so that the remotes of a repository can be known without starting `git`. Whatever git would
/// refuse makes the parse fail: the caller then asks git itself, which is the only way to be
/// exact about an error.
struct GitConfigFile: Equatable {
    struct Entry: Equatable {
        /// Lowercased.
        let section: String
        /// As written in `[section "subsection"]` (case kept); lowercased in the old
        /// `[section.subsection]` form, as git does.
        let subsection: String?
        /// Lowercased.
        let name: String
        /// Nil for a name without `=` (git's "true").
        let value: String?
    }

    let entries: [Entry]

    /// Sections that pull in other files (`include`, `includeIf`): following them exactly means
    /// evaluating conditions the way git does, which is left to git.
    var hasIncludes: Bool {
        entries.contains { $0.section == "include" || $0.section == "includeif" }
    }

    func values(section: String, subsection: String? = nil, name: String) -> [String?] {
        entries.filter { $0.section == section && $0.subsection == subsection && $0.name == name }.map(
            \.value)
    }

    /// Nil when git would reject the text.
    init?(parsing bytes: [UInt8]) {
        var reader = Reader(bytes: bytes)
        var entries: [Entry] = []
        var base: [UInt8] = []
        var comment = false
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.position = 3 }
        // A NUL would end the value where git reads it as a C string; too odd to imitate.
        if bytes.contains(0) { return nil }
        while true {
            let c = reader.next()
            if c == Self.newline {
                if reader.atEnd { break }
                comment = false
                continue
            }
            if comment || Self.isSpace(c) { continue }
            if c == UInt8(ascii: "#") || c == UInt8(ascii: ";") {
                comment = true
                continue
            }
            if c == UInt8(ascii: "[") {
                guard let name = Self.sectionHeader(&reader) else { return nil }
                base = name
                continue
            }
            guard Self.isAlpha(c), !base.isEmpty else { return nil }
            var name = [Self.lowered(c)]
            var d = reader.next()
            while Self.isKeyCharacter(d) {
                name.append(Self.lowered(d))
                d = reader.next()
            }
            while d == UInt8(ascii: " ") || d == UInt8(ascii: "\t") { d = reader.next() }
            var value: [UInt8]?
            if d != Self.newline {
                guard d == UInt8(ascii: "="), let parsed = Self.value(&reader) else { return nil }
                value = parsed
            }
            guard let entry = Self.entry(base: base, name: name, value: value) else { return nil }
            entries.append(entry)
            if reader.atEnd { break }
        }
        self.entries = entries
    }

    private static let newline = UInt8(ascii: "\n")

    /// Bytes as git's `get_next_char` hands them out: CRLF as LF, the end as a final LF.
    private struct Reader {
        let bytes: [UInt8]
        var position = 0
        var atEnd = false

        mutating func next() -> UInt8 {
            guard position < bytes.count else {
                atEnd = true
                return UInt8(ascii: "\n")
            }
            var c = bytes[position]
            position += 1
            if c == UInt8(ascii: "\r"), position < bytes.count, bytes[position] == UInt8(ascii: "\n") {
                c = UInt8(ascii: "\n")
                position += 1
            }
            return c
        }
    }

    /// After `[`: `name]`, `name "subsection"]` or the old `name.subsection]`. The result is the
    /// section name lowercased, then `.` and the subsection as written.
    private static func sectionHeader(_ reader: inout Reader) -> [UInt8]? {
        var name: [UInt8] = []
        while true {
            let c = reader.next()
            if reader.atEnd { return nil }
            if c == UInt8(ascii: "]") { return name.isEmpty ? nil : name }
            if isSpace(c) {
                var d = c
                repeat { d = reader.next() } while isSpace(d) && !reader.atEnd
                guard d == UInt8(ascii: "\"") else { return nil }
                name.append(UInt8(ascii: "."))
                while true {
                    var e = reader.next()
                    if e == newline { return nil }
                    if e == UInt8(ascii: "\"") { break }
                    if e == UInt8(ascii: "\\") {
                        e = reader.next()
                        if e == newline { return nil }
                    }
                    name.append(e)
                }
                return reader.next() == UInt8(ascii: "]") ? name : nil
            }
            guard isKeyCharacter(c) || c == UInt8(ascii: ".") else { return nil }
            name.append(lowered(c))
        }
    }

    /// After `=`: git's `parse_value` (quotes, the four escapes, comments, runs of blanks).
    private static func value(_ reader: inout Reader) -> [UInt8]? {
        var value: [UInt8] = []
        var quoted = false
        var comment = false
        var spaces = 0
        while true {
            var c = reader.next()
            if c == Self.newline { return quoted ? nil : value }
            if comment { continue }
            if isSpace(c) && !quoted {
                if !value.isEmpty { spaces += 1 }
                continue
            }
            if !quoted && (c == UInt8(ascii: ";") || c == UInt8(ascii: "#")) {
                comment = true
                continue
            }
            value.append(contentsOf: repeatElement(UInt8(ascii: " "), count: spaces))
            spaces = 0
            if c == UInt8(ascii: "\\") {
                c = reader.next()
                switch c {
                case newline: continue
                case UInt8(ascii: "t"): c = UInt8(ascii: "\t")
                case UInt8(ascii: "b"): c = 0x08
                case UInt8(ascii: "n"): c = newline
                case UInt8(ascii: "\\"), UInt8(ascii: "\""): break
                default: return nil
                }
                value.append(c)
                continue
            }
            if c == UInt8(ascii: "\"") {
                quoted.toggle()
                continue
            }
            value.append(c)
        }
    }

    /// `section.subsection.name` split as git's `parse_config_key` does: the section up to the
    /// first dot, the name after the last.
    private static func entry(base: [UInt8], name: [UInt8], value: [UInt8]?) -> Entry? {
        let section: ArraySlice<UInt8>
        var subsection: ArraySlice<UInt8>?
        if let dot = base.firstIndex(of: UInt8(ascii: ".")) {
            section = base[..<dot]
            subsection = base[(dot + 1)...]
        } else {
            section = base[...]
        }
        func text(_ bytes: some Collection<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        return Entry(
            section: text(section), subsection: subsection.map(text), name: text(name), value: value.map(text)
        )
    }

    private static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D
    }

    private static func isAlpha(_ c: UInt8) -> Bool {
        (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
    }

    private static func isKeyCharacter(_ c: UInt8) -> Bool {
        isAlpha(c) || (0x30...0x39).contains(c) || c == UInt8(ascii: "-")
    }

    private static func lowered(_ c: UInt8) -> UInt8 {
        (0x41...0x5A).contains(c) ? c + 0x20 : c
    }
}

/// Reading files that belong to git (its configuration, `.git` files): symbolic links are
/// followed and any owner is fine, as git itself reads them. Nil when the file cannot be read.
enum GitFile {
    static let maximumSize = 4 * 1_048_576

    static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        // /dev/null is how people point git at no configuration (GIT_CONFIG_GLOBAL=/dev/null).
        if isNullDevice(status) { return [] }
        guard status.st_mode & S_IFMT == S_IFREG else { return nil }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: max(1024, min(65536, Int(status.st_size) + 1)))
        while bytes.count <= maximumSize {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return nil
    }

    /// Whether git, which opens files without O_NONBLOCK, would wait on what `path` names (links
    /// followed): a FIFO waits for a writer, a terminal for a line, a socket or device is no
    /// file at all. Regular files, directories and /dev/null are fine; so is nothing there.
    static func makesGitWait(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        let kind = status.st_mode & S_IFMT
        return kind != S_IFREG && kind != S_IFDIR && !isNullDevice(status)
    }

    private static func isNullDevice(_ status: stat) -> Bool {
        guard status.st_mode & S_IFMT == S_IFCHR else { return false }
        var null = stat()
        return stat("/dev/null", &null) == 0 && null.st_rdev == status.st_rdev
    }

    /// The kind of what `path` names, links followed; nil when nothing is there.
    static func kind(_ path: String) -> mode_t? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return status.st_mode & S_IFMT
    }
}
