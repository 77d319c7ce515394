/// `personalAccessTokens` (docs/storage.md §5): the file az falls back to when no keyring answers.
/// Sections are keys; the option `personal access token` holds the PAT, uninterpolated.
///
/// Unlike az, the file is written 0600 through an atomic replace, and an existing file readable
/// by others is reported.
public struct FileCredentialStore: CredentialStore {
    static let option = "personal access token"

    public let path: String
    public var kind: StoreKind { .file }
    public var location: String { path }

    public init(path: String) {
        self.path = path
    }

    public init(directory: ConfigDirectory) {
        self.init(path: directory.tokenFile)
    }

    public func storedKeys() throws(CredentialError) -> [CredentialKey] {
        guard var bytes = try LeasedFile.contents(of: path) else { return [] }
        defer { SecureFile.wipe(&bytes) }
        let scan = INIScan(bytes)
        var keys: [CredentialKey] = []
        var seen = Set<CredentialKey>()
        var section: CredentialKey?
        var sectionHasToken = false
        func close() {
            if let section, sectionHasToken, seen.insert(section).inserted { keys.append(section) }
        }
        for line in scan {
            switch line.kind {
            case .header(let name):
                close()
                section = CredentialKey(stored: scan.text(name))
                sectionHasToken = false
            case .entry(let name, let value):
                if scan.text(name).lowercased() == Self.option { sectionHasToken = !value.isEmpty }
            default:
                break
            }
        }
        close()
        return keys
    }

    public func token(for key: CredentialKey) throws(CredentialError) -> PersonalAccessToken? {
        guard var bytes = try LeasedFile.contents(of: path) else { return nil }
        defer { SecureFile.wipe(&bytes) }
        guard var value = Self.tokenBytes(in: INIScan(bytes), section: key.rawValue) else {
            return nil
        }
        defer { SecureFile.wipe(&value) }
        return PersonalAccessToken(stored: String(decoding: value, as: UTF8.self))
    }

    /// The option's value in the section as `INIDocument.value` reads it (the last one wins;
    /// continuation lines join with a newline), nil when absent or empty. Located with the scan
    /// rather than a parsed document, which would turn every stored token into a String.
    static func tokenBytes(in scan: INIScan, section: String) -> [UInt8]? {
        var pieces: [Range<Int>] = []
        var inSection = false
        var lastEntryIsToken = false
        // Blank lines inside a value are empty lines of it once a continuation follows them.
        var blankLines = 0
        for line in scan {
            switch line.kind {
            case .header(let name):
                inSection = scan.text(name) == section
                lastEntryIsToken = false
            case .entry(let name, let value) where inSection:
                lastEntryIsToken = scan.text(name).lowercased() == option
                if lastEntryIsToken { pieces = [value] }
                blankLines = 0
            case .blank where inSection && lastEntryIsToken:
                blankLines += 1
            case .continuation(let value) where inSection && lastEntryIsToken:
                pieces += Array(repeating: 0..<0, count: blankLines) + [value]
                blankLines = 0
            default:
                break
            }
        }
        var bytes: [UInt8] = []
        for (index, piece) in pieces.enumerated() {
            if index > 0 { SecretBytes.append(CollectionOfOne(UInt8(ascii: "\n")), to: &bytes) }
            SecretBytes.append(scan.bytes[piece], to: &bytes)
        }
        return bytes.isEmpty ? nil : bytes
    }

    @discardableResult
    public func store(_ token: PersonalAccessToken, for key: CredentialKey) throws(CredentialError)
        -> [String]
    {
        // A key from the keyring may hold anything; a line break would split its section header.
        if key.rawValue.utf8.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
            throw .storage("\(key.spokenName) cannot be written to \(path): the key has a line break.")
        }
        try FileChange.commit([storing(token, for: key)])
        return []
    }

    public func remove(_ keys: [CredentialKey]) throws(CredentialError) -> [CredentialKey] {
        let present = try sections(among: keys)
        if !present.isEmpty { try FileChange.commit([removing(present)]) }
        return present
    }

    /// The change `store` makes, for a transaction that writes it with other files.
    func storing(_ token: PersonalAccessToken, for key: CredentialKey) -> FileChange {
        change { $0.setValue(token.revealed, section: key.rawValue, option: Self.option) }
    }

    /// The change `remove` makes, for a transaction that writes it with other files.
    func removing(_ keys: [CredentialKey]) -> FileChange {
        change { document in
            for key in keys { document.removeSection(key.rawValue) }
        }
    }

    /// The keys among these that have a section, with or without a token: removing one changes
    /// the file.
    func sections(among keys: [CredentialKey]) throws(CredentialError) -> [CredentialKey] {
        guard var bytes = try LeasedFile.contents(of: path) else { return [] }
        defer { SecureFile.wipe(&bytes) }
        let scan = INIScan(bytes)
        var names = Set<String>()
        for line in scan {
            if case .header(let name) = line.kind { names.insert(scan.text(name)) }
        }
        return keys.filter { names.contains($0.rawValue) }
    }

    public var isReadableByOthers: Bool {
        guard let mode = SecureFile.mode(of: path) else { return false }
        return mode & 0o077 != 0
    }

    public func warnings() -> [String] {
        guard let mode = SecureFile.mode(of: path), mode & 0o077 != 0 else { return [] }
        return [
            "\(path) is readable by others (mode \(String(mode, radix: 8))); run 'chmod 600 \(path)' or log in again to rewrite it privately."
        ]
    }

    /// `edit` applied to the file as it is when the change is made, read under a lease so that
    /// az's unlocked rewrites are neither read half-done nor overwritten (see `FileChange`). An
    /// emptied file is kept (empty), as az leaves it.
    private func change(_ edit: @escaping (inout INIDocument) -> Void) -> FileChange {
        FileChange(path: path) { current in
            var document = INIDocument(parsing: current ?? [])
            edit(&document)
            if current == nil, document.sections.isEmpty { return .keep }
            return .write(document.rendered())
        }
    }
}
