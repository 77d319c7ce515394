/// A transaction's changes as `FileChange`s: what the transaction did to each file, applied to
/// the file as it is when written, so that a write az made meanwhile is kept. Changes to other
/// stores (the keyring) are made at once, with what undoes them if the files cannot be written.
extension DirectoryFiles {
    /// The defaults the transaction set, set again on the file as it is then.
    func configChange(from original: DevOpsConfig, to changed: DevOpsConfig) -> FileChange? {
        guard changed != original else { return nil }
        let section = DevOpsConfig.defaultsSection
        let values = DevOpsConfig.settableKeys.compactMap { (key) -> (key: String, value: String)? in
            let value = changed.document.value(section: section, option: key)
            guard let value, value != original.document.value(section: section, option: key) else {
                return nil
            }
            return (key, value)
        }
        // Only defaults are ever set; anything else is written as the transaction left it.
        guard !values.isEmpty else {
            let bytes = changed.rendered()
            return FileChange(path: directory.configFile) { _ in .write(bytes) }
        }
        return FileChange(path: directory.configFile) { current in
            var document = INIDocument(parsing: current ?? [])
            for (key, value) in values { document.setValue(value, section: section, option: key) }
            return .write(document.rendered())
        }
    }

    /// The keys the transaction added and removed, added and removed again on the file as it is then.
    func indexChange(from original: OrganizationList, to changed: OrganizationList, remove: Bool)
        -> FileChange?
    {
        let path = directory.organizationListFile
        if remove {
            // The file goes with the keys read; a line az added meanwhile names a token it stored.
            let read = original.keys
            return FileChange(path: path) { current in
                guard let current else { return .keep }
                var list = OrganizationList(parsing: current)
                for key in read { list.remove(key) }
                return list.keys.isEmpty ? .remove : .write(list.rendered())
            }
        }
        guard changed != original else { return nil }
        let added = changed.keys.filter { !original.contains($0) }
        let removed = original.keys.filter { !changed.contains($0) }
        return FileChange(path: path) { current in
            let found = OrganizationList(parsing: current ?? [])
            var list = found
            for key in removed { list.remove(key) }
            for key in added { list.add(key) }
            return current != nil && list == found ? .keep : .write(list.rendered())
        }
    }

    /// ado-accounts' own notes: no other program writes them, and every writer holds the lock, so
    /// they are written whole. Records of credentials the index no longer names are dropped (az
    /// logged them out), so that the file says nothing about tokens that are gone.
    func memoryChange(
        from original: AccountMemory, to changed: AccountMemory, index: OrganizationList, removeIndex: Bool
    ) -> FileChange? {
        var memory = changed
        memory.prune { !removeIndex && index.contains($0) }
        guard memory != original || original.damage != nil && memory != AccountMemory() else { return nil }
        memory.damage = nil
        let bytes = AccountMemoryFile.render(memory)
        return FileChange(path: directory.stateFile) { _ in .write(bytes) }
    }
}

/// What a store other than the file (the keyring) held for a key before a transaction changed
/// it, to put back should the transaction fail.
struct ReplacedToken {
    enum Previous {
        case none
        case token(PersonalAccessToken)
        /// It could not be read (an item in a locked keyring), so it cannot be put back.
        case unreadable(String)
    }

    let store: any CredentialStore
    let key: CredentialKey
    let previous: Previous

    /// Reads what the store holds for the key now; a failed read is remembered, not thrown: it
    /// must not stop a change that would succeed.
    init(store: any CredentialStore, key: CredentialKey) {
        self.store = store
        self.key = key
        do throws(CredentialError) {
            previous = try store.token(for: key).map(Previous.token) ?? .none
        } catch {
            previous = .unreadable(error.message)
        }
    }

    func restore() throws(CredentialError) {
        switch previous {
        case .none: _ = try store.remove([key])
        case .token(let token): try store.store(token, for: key)
        case .unreadable(let reason):
            throw .storage(
                "the earlier token for \(key.spokenName) could not be read, so the new one stays (\(reason))"
            )
        }
    }
}

extension DirectoryFiles.State {
    /// Stores a token as part of the transaction: in the token file, a change written with the
    /// other files; in any other store at once, after noting what it held to put it back.
    mutating func store(_ token: PersonalAccessToken, for key: CredentialKey, in store: any CredentialStore)
        throws(CredentialError) -> [String]
    {
        if let file = store as? FileCredentialStore {
            tokenFileChanges.append(file.storing(token, for: key))
            return []
        }
        replacedTokens.append(ReplacedToken(store: store, key: key))
        return try store.store(token, for: key)
    }

    /// Removes keys from a store as part of the transaction (see `store`); returns those present.
    mutating func remove(_ keys: [CredentialKey], from store: any CredentialStore) throws(CredentialError)
        -> [CredentialKey]
    {
        if let file = store as? FileCredentialStore {
            let present = try file.sections(among: keys)
            if !present.isEmpty { tokenFileChanges.append(file.removing(present)) }
            return present
        }
        let held = Set(try store.storedKeys())
        for key in keys where held.contains(key) {
            replacedTokens.append(ReplacedToken(store: store, key: key))
        }
        return try store.remove(keys)
    }

    /// Removes keys from another store (the keyring) only once the files are written: the copy
    /// a login is moving into the token file, which must not go before the file holds the new
    /// token (a process killed in between would leave neither). Returns the keys it holds now.
    mutating func remove(_ keys: [CredentialKey], onceWrittenFrom store: any CredentialStore)
        throws(CredentialError) -> [CredentialKey]
    {
        let held = Set(try store.storedKeys())
        let present = keys.filter(held.contains)
        if !present.isEmpty { removalsOnceWritten.append((present, store)) }
        return present
    }

    /// The removals that waited for the files. The files are written by then, so a failure is
    /// reported and nothing is undone: the new token is where it was put, the old copy stays.
    mutating func removeOnceWritten() throws(CredentialError) {
        while !removalsOnceWritten.isEmpty {
            let (keys, store) = removalsOnceWritten.removeFirst()
            do throws(CredentialError) {
                _ = try store.remove(keys)
            } catch {
                let names = keys.map(\.spokenName).joined(separator: ", ")
                throw .storage(
                    "The files were written, but the older copy of \(names) in the \(store.kind.rawValue) could not be removed: \(error.message) az devops reads the \(store.kind.rawValue) first; run the command again once the \(store.kind.rawValue) works."
                )
            }
        }
    }

    /// Puts back what the transaction changed in other stores, newest first, and returns the
    /// error to report: the one that stopped it, and what could not be put back, if anything.
    mutating func undoChanges(after error: CredentialError) -> CredentialError {
        guard !replacedTokens.isEmpty else { return error }
        CrashPoint.reach("transaction.undo")
        var failures: [String] = []
        while let replaced = replacedTokens.popLast() {
            do { try replaced.restore() } catch { failures.append(error.message) }
        }
        guard !failures.isEmpty else { return error }
        return .init(
            error.kind,
            "\(error.message) The keyring could not be put back as it was: \(failures.joined(separator: " "))"
        )
    }
}
