/// Reading and writing the files of the config directory, and the transaction that changes
/// them together under the directory lock.
struct DirectoryFiles {
    let directory: ConfigDirectory

    func readConfig() throws(CredentialError) -> DevOpsConfig {
        let bytes = try SecureFile.read(directory.configFile)?.bytes ?? []
        return DevOpsConfig(document: INIDocument(parsing: bytes))
    }

    func readOrganizationList() throws(CredentialError) -> OrganizationList {
        OrganizationList(parsing: try SecureFile.read(directory.organizationListFile)?.bytes ?? [])
    }

    /// What a transaction may change. Files are written only when their content changed.
    struct State {
        var config: DevOpsConfig
        var index: OrganizationList
        /// Delete `organization_list` (log out of everything, as az does).
        var removeIndex = false
        var previousOrganization: String?

        /// Sets `[defaults] organization`, remembering the value it replaces for `use -`.
        mutating func setDefaultOrganization(_ value: String) {
            let current = config.fileValue("organization")
            if let current, current != value { previousOrganization = current }
            config = config.settingValue(value, for: "organization")
        }
    }

    /// Runs `body` with the lock held and the current files loaded, then writes what changed.
    /// Stray temporary files from a killed writer are removed first.
    @discardableResult
    func transaction<T>(_ body: (inout State) throws(CredentialError) -> T) throws(CredentialError) -> T {
        try SecureFile.ensureDirectory(directory.path)
        return try DirectoryLock(path: directory.lockFile).withExclusiveLock {
            () throws(CredentialError) -> T in
            SecureFile.removeStrayTemporaryFiles(in: directory.path)
            CrashPoint.reach("transaction.locked")
            let originalConfig = try readConfig()
            let originalIndex = try readOrganizationList()
            let originalPrevious = try readPreviousOrganization()
            var state = State(
                config: originalConfig, index: originalIndex, previousOrganization: originalPrevious)
            let result = try body(&state)
            CrashPoint.reach("transaction.body-done")
            if state.config != originalConfig {
                try SecureFile.writeAtomically(state.config.rendered(), to: directory.configFile)
                CrashPoint.reach("transaction.config-written")
            }
            if state.removeIndex {
                try SecureFile.remove(directory.organizationListFile)
                CrashPoint.reach("transaction.index-removed")
            } else if state.index != originalIndex {
                try SecureFile.writeAtomically(state.index.rendered(), to: directory.organizationListFile)
                CrashPoint.reach("transaction.index-written")
            }
            if state.previousOrganization != originalPrevious, let previous = state.previousOrganization {
                var document = INIDocument()
                document.setValue(DevOpsConfig.escaped(previous), section: "use", option: "previous")
                try SecureFile.writeAtomically(document.rendered(), to: directory.stateFile)
                CrashPoint.reach("transaction.state-written")
            }
            return result
        }
    }

    private func readPreviousOrganization() throws(CredentialError) -> String? {
        guard let contents = try SecureFile.read(directory.stateFile) else { return nil }
        let value = INIDocument(parsing: contents.bytes).value(section: "use", option: "previous")
        return value.map(DevOpsConfig.interpolated).flatMap { $0.isEmpty ? nil : $0 }
    }
}
