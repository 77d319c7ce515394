/// Moving tokens between the keyring and the file (`migrate --to`, the TUI's `m`).
///
/// Each token is copied to the target, read back from it and compared, and only then deleted
/// from the source, under the directory lock: an interruption at any point leaves every token
/// in at least one store.
public struct MigrationReport: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// Copied, read back equal, deleted from the source.
        case moved
        /// The target already held the same token; the source copy was deleted.
        case alreadyThere
        /// The target holds a different token for the key; both were left alone.
        case conflict
    }
    public struct Entry: Sendable, Equatable {
        public let key: CredentialKey
        public let outcome: Outcome
    }

    public let from: StoreKind
    public let to: StoreKind
    public let entries: [Entry]
    /// How many tokens the target holds once the move is done (those moved and those it
    /// already had), when it could be counted.
    public var heldByTarget: Int?
    /// Why the source could not be read, when that is no reason to fail: the keyring is not
    /// there at all, or is locked and holds no item of az's, so it has nothing to move.
    public var sourceUnavailable: String?

    public var moved: [CredentialKey] { entries.filter { $0.outcome != .conflict }.map(\.key) }
    public var conflicts: [CredentialKey] { entries.filter { $0.outcome == .conflict }.map(\.key) }
}

extension AccountManager {
    /// Moves every token from the other store to `target`.
    public func migrate(to target: StoreKind) throws(CredentialError) -> MigrationReport {
        if target == .file, !stores.contains(where: { $0.kind == .keyring }),
            unreadableKeyring?.mayHoldTokens != true
        {
            let why = keyringProbe.explanation ?? "it is not available"
            return MigrationReport(from: .keyring, to: .file, entries: [], sourceUnavailable: why)
        }
        let (source, destination) = try migrationStores(to: target)
        return try DirectoryFiles(directory: directory).transaction { (_) throws(CredentialError) in
            try Self.move(try source.storedKeys(), from: source, to: destination)
        }
    }

    /// Moves one organization's token (or the default credential) to `target`.
    public func move(_ key: CredentialKey, to target: StoreKind) throws(CredentialError) -> MigrationReport {
        let (source, destination) = try migrationStores(to: target)
        return try DirectoryFiles(directory: directory).transaction { (_) throws(CredentialError) in
            guard try source.storedKeys().contains(key) else {
                if try destination.storedKeys().contains(key) {
                    return MigrationReport(from: source.kind, to: target, entries: [])
                }
                throw .notFound("No token is stored for \(key.spokenName).")
            }
            return try Self.move([key], from: source, to: destination)
        }
    }

    private func migrationStores(to target: StoreKind) throws(CredentialError) -> (
        any CredentialStore, any CredentialStore
    ) {
        guard target == .keyring || target == .file else {
            throw .invalidInput("Tokens can be moved to the keyring or to the file only.")
        }
        let why = keyringProbe.explanation.map { ": \($0)" } ?? ""
        guard let destination = stores.first(where: { $0.kind == target }) else {
            throw .storage("The keyring cannot be used\(why); nothing was moved.")
        }
        guard let source = stores.first(where: { $0.kind != target }) else {
            throw .storage(
                "The keyring cannot be reached\(why), so its tokens cannot be moved; nothing was moved.")
        }
        return (source, destination)
    }

    static func move(
        _ keys: [CredentialKey], from source: any CredentialStore, to destination: any CredentialStore
    ) throws(CredentialError) -> MigrationReport {
        var entries: [MigrationReport.Entry] = []
        for key in keys {
            guard let token = try source.token(for: key) else { continue }
            if let existing = try destination.token(for: key) {
                if existing != token {
                    entries.append(.init(key: key, outcome: .conflict))
                    continue
                }
                _ = try source.remove([key])
                entries.append(.init(key: key, outcome: .alreadyThere))
                continue
            }
            try destination.store(token, for: key)
            guard try destination.token(for: key) == token else {
                throw .storage(
                    "The token for \(key.spokenName) did not read back from the \(destination.kind.rawValue) as written; it was left in the \(source.kind.rawValue)."
                )
            }
            CrashPoint.reach("migrate.copied")
            _ = try source.remove([key])
            CrashPoint.reach("migrate.source-removed")
            entries.append(.init(key: key, outcome: .moved))
        }
        return MigrationReport(
            from: source.kind, to: destination.kind, entries: entries,
            heldByTarget: try? destination.storedKeys().count)
    }
}
