/// `personalAccessTokens` (interop §5): the file az falls back to when no keyring answers.
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
        guard var contents = try SecureFile.read(path) else { return [] }
        defer { SecureFile.wipe(&contents.bytes) }
        let scan = INIScan(contents.bytes)
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
        guard var contents = try SecureFile.read(path) else { return nil }
        defer { SecureFile.wipe(&contents.bytes) }
        guard var value = Self.tokenBytes(in: INIScan(contents.bytes), section: key.rawValue) else {
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
        for line in scan {
            switch line.kind {
            case .header(let name):
                inSection = scan.text(name) == section
                lastEntryIsToken = false
            case .entry(let name, let value) where inSection:
                lastEntryIsToken = scan.text(name).lowercased() == option
                if lastEntryIsToken { pieces = [value] }
            case .continuation(let value) where inSection && lastEntryIsToken:
                pieces.append(value)
            default:
                break
            }
        }
        var bytes: [UInt8] = []
        for (index, piece) in pieces.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "\n")) }
            bytes += scan.bytes[piece]
        }
        return bytes.isEmpty ? nil : bytes
    }

    @discardableResult
    public func store(_ token: PersonalAccessToken, for key: CredentialKey) throws(CredentialError)
        -> [String]
    {
        try update { document in
            document.setValue(token.revealed, section: key.rawValue, option: Self.option)
            return true
        }
        return []
    }

    public func remove(_ keys: [CredentialKey]) throws(CredentialError) -> [CredentialKey] {
        var removed: [CredentialKey] = []
        try update { document in
            for key in keys where document.removeSection(key.rawValue) {
                removed.append(key)
            }
            return !removed.isEmpty
        }
        return removed
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

    /// Reads, changes and atomically rewrites the file; no write when `change` reports no change.
    /// An emptied file is kept (empty), as az leaves it.
    private func update(_ change: (inout INIDocument) -> Bool) throws(CredentialError) {
        var document = INIDocument()
        if var contents = try SecureFile.read(path) {
            document = INIDocument(parsing: contents.bytes)
            SecureFile.wipe(&contents.bytes)
        }
        guard change(&document) else { return }
        var bytes = document.rendered()
        defer { SecureFile.wipe(&bytes) }
        try SecureFile.writeAtomically(bytes, to: path)
        CrashPoint.reach("token-file.rewritten")
    }
}
