#if canImport(Glibc)
    import Glibc
#endif

/// Reading and writing the files of the config directory, and the transaction that changes
/// them together under the directory lock.
struct DirectoryFiles {
    let directory: ConfigDirectory

    func readConfig() throws(CredentialError) -> DevOpsConfig {
        let bytes = try SecureFile.readText(directory.configFile)?.bytes ?? []
        return DevOpsConfig(document: INIDocument(parsing: bytes))
    }

    /// `readConfig` for a change, once no program is writing the file: az rewrites it by
    /// emptying it first (knack's `open(path, 'w')`), and a change decided on the emptied file
    /// would, for one, take the default organization for unset and replace it.
    private func readConfigForChange() throws(CredentialError) -> DevOpsConfig {
        DevOpsConfig(document: INIDocument(parsing: try LeasedFile.contents(of: directory.configFile) ?? []))
    }

    func readOrganizationList() throws(CredentialError) -> OrganizationList {
        OrganizationList(parsing: try SecureFile.readText(directory.organizationListFile)?.bytes ?? [])
    }

    /// What a transaction may change. Files are written only when their content changed.
    struct State {
        var config: DevOpsConfig
        var index: OrganizationList
        /// Delete `organization_list` (log out of everything, as az does).
        var removeIndex = false
        /// ado-accounts' own notes, written with the files when changed (pruned first).
        var memory: AccountMemory
        var previousOrganization: String? {
            get { memory.previousOrganization }
            set { memory.previousOrganization = newValue }
        }
        /// Changes to token files, written with the other files when the transaction ends.
        var tokenFileChanges: [FileChange] = []
        /// What other stores (the keyring) held for each key changed there, oldest first, to put
        /// back should the files not be written.
        var replacedTokens: [ReplacedToken] = []
        /// Keys to remove from other stores once the files are written (see `removeOnceWritten`).
        var removalsOnceWritten: [(keys: [CredentialKey], store: any CredentialStore)] = []

        /// Sets `[defaults] organization`, remembering the value it replaces for `use -`: not when
        /// that is the same organization spelled otherwise (`Contoso/`), or `use -` would only
        /// switch between two spellings of it.
        mutating func setDefaultOrganization(_ value: String) {
            let current = config.fileValue("organization")
            if let current, current != value,
                (try? OrganizationURL(stored: current))?.key != (try? OrganizationURL(stored: value))?.key
            {
                previousOrganization = current
            }
            config = config.settingValue(value, for: "organization")
        }
    }

    /// The files as they are now, read without the lock (for reports that write nothing).
    func snapshot() throws(CredentialError) -> State {
        State(config: try readConfig(), index: try readOrganizationList(), memory: readMemory())
    }

    /// Runs `body` with the lock held and the current files loaded, then writes what changed,
    /// every file or none (`FileChange.commit`); when that fails, what `body` changed in other
    /// stores is put back. Once the files are written nothing is put back: what goes wrong
    /// then (a concurrent writer's change lost, a removal from another store that waited for
    /// the files) is reported, and the change stands. Nothing is written through a directory
    /// another user could have planted or can change (see `ConfigDirectory.unsafeDirectories`).
    /// Stray temporary files from a killed writer are removed first.
    @discardableResult
    func transaction<T>(_ body: (inout State) throws(CredentialError) -> T) throws(CredentialError) -> T {
        try directory.prepareForWriting()
        return try DirectoryLock(path: directory.lockFile).withExclusiveLock {
            () throws(CredentialError) -> T in
            cleanUpAfterKilledWriters()
            CrashPoint.reach("transaction.locked")
            let originalConfig = try readConfigForChange()
            let originalIndex = try readOrganizationList()
            let originalMemory = try readMemoryForChange()
            // A damaged state file is rewritten, never a reason to fail.
            let memoryWritable = originalMemory.damage == nil || discardDamagedMemory()
            var state = State(config: originalConfig, index: originalIndex, memory: originalMemory)
            let result: T
            let lostWrite: CredentialError?
            do throws(CredentialError) {
                result = try body(&state)
                CrashPoint.reach("transaction.body-done")
                let changes = [
                    configChange(from: originalConfig, to: state.config),
                    indexChange(from: originalIndex, to: state.index, remove: state.removeIndex),
                    memoryWritable
                        ? memoryChange(
                            from: originalMemory, to: state.memory, index: state.index,
                            removeIndex: state.removeIndex)
                        : nil,
                ]
                lostWrite = try FileChange.commitReportingLostWrite(
                    state.tokenFileChanges + changes.compactMap { $0 })
            } catch {
                throw state.undoChanges(after: error)
            }
            try state.removeOnceWritten()
            if let lostWrite { throw lostWrite }
            return result
        }
    }

    /// Removes what a writer killed between creating its temporary file and renaming it left
    /// behind (a copy of a file, tokens included). Only with the lock held: every writer creates
    /// and renames or removes its temporary files while holding it, so none of them is live.
    private func cleanUpAfterKilledWriters() {
        SecureFile.removeStrayTemporaryFiles(in: directory.path)
    }

    /// For runs that only read: the same clean-up when the lock is free at once (a writer that
    /// holds it cleans up itself). Not through a directory that is unsafe to write through, and
    /// the lock file is not created: a run that finds no stray file writes nothing.
    func cleanUpAfterKilledWritersIfIdle() {
        guard SecureFile.hasStrayTemporaryFiles(in: directory.path), directory.unsafeDirectories().isEmpty
        else { return }
        DirectoryLock(path: directory.lockFile).ifFree { cleanUpAfterKilledWriters() }
    }

    func readPreviousOrganization() throws(CredentialError) -> String? {
        readMemory().previousOrganization
    }

    /// Removes a state file that could not be read (too large, UTF-16) so that the change can
    /// write a new one. Only with the lock held, and only a regular file of ours
    /// (`readMemoryForChange` refuses anything else).
    private func discardDamagedMemory() -> Bool {
        unlink(directory.stateFile) == 0 || errno == ENOENT
    }

    /// ado-accounts' notes; a file that cannot be read is remembered as damaged, never thrown:
    /// nothing in it is needed to list or resolve, and the next change rewrites it.
    func readMemory() -> AccountMemory {
        do {
            guard let contents = try SecureFile.readText(directory.stateFile) else { return AccountMemory() }
            return AccountMemoryFile.parse(contents.bytes)
        } catch {
            return damagedMemory(error)
        }
    }

    /// `readMemory` for a change, which writes the file: a link or a file that is not ours is
    /// refused as for every other file of the directory (someone planted it); only a file of
    /// ours that cannot be read is ignored, to be rewritten.
    private func readMemoryForChange() throws(CredentialError) -> AccountMemory {
        do {
            guard let contents = try SecureFile.readText(directory.stateFile) else { return AccountMemory() }
            return AccountMemoryFile.parse(contents.bytes)
        } catch {
            var status = stat()
            guard lstat(directory.stateFile, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
                status.st_uid == getuid()
            else { throw error }
            return damagedMemory(error)
        }
    }

    private func damagedMemory(_ error: CredentialError) -> AccountMemory {
        var memory = AccountMemory()
        memory.damage = "\(directory.stateFile) was ignored (\(error.message)); the next change rewrites it."
        return memory
    }
}
