#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The one place that changes credentials and defaults. The command line and the TUI turn user
/// intent into these calls; every rule about keys, stores, the index and the default
/// organization is applied here.
///
/// Each change runs under an exclusive lock on the config directory and rewrites files
/// atomically, so concurrent processes and crashes never lose or corrupt stored data.
public struct AccountManager: Sendable {
    public let directory: ConfigDirectory
    public let environment: Environment
    /// In reading order; new tokens go to the first.
    public let stores: [any CredentialStore]
    public let verifier: any TokenVerifier

    /// Why the preferred store was not used, when `auto` fell back (see `StoreSelection`).
    public let storeNotice: String?
    /// Where new tokens go (one of `stores`, which stay in reading order: keyring, then file).
    public let writeKind: StoreKind
    /// What the Secret Service probe found when the stores were selected.
    public let keyringProbe: KeyringProbe.Outcome
    /// A keyring that exists but cannot be used now; it may hold tokens (see `UnreadableKeyring`).
    public let unreadableKeyring: UnreadableKeyring?
    /// `auto` unless `--store` or `ADO_ACCOUNTS_STORE` named a store.
    public let preference: StorePreference
    /// The person allowed tokens to travel over plain http:// to hosts other than this machine
    /// (`--allow-http`); never to Azure DevOps Services (see `cleartextRefusal`).
    public var allowsHTTP = false
    /// The time records are stamped with; tests set it.
    public var now: @Sendable () -> Date = { Date() }
    /// The service's PAT lifecycle API (`pat` commands).
    public var patLifecycle: any PATLifecycle = HTTPPATLifecycle()

    /// A manager on explicit stores (tests, tools).
    public init(
        environment: Environment = .current, stores: [any CredentialStore],
        verifier: any TokenVerifier = HTTPTokenVerifier(), writeKind: StoreKind? = nil
    ) {
        self.directory = ConfigDirectory(environment: environment)
        self.environment = environment
        self.stores = stores
        self.verifier = verifier
        self.storeNotice = nil
        self.writeKind = writeKind ?? stores[0].kind
        self.keyringProbe = stores.contains { $0.kind == .keyring } ? .available : .noSessionBus
        self.unreadableKeyring = nil
        self.preference = .auto
    }

    /// A manager on the stores a preference selects (`auto` unless `ADO_ACCOUNTS_STORE` says otherwise).
    public init(
        environment: Environment = .current, preference: StorePreference? = nil,
        verifier: any TokenVerifier = HTTPTokenVerifier()
    ) throws(CredentialError) {
        let directory = ConfigDirectory(environment: environment)
        let resolved = try StorePreference.resolve(explicit: preference, environment: environment)
        let selection = try StoreSelection.select(resolved, directory: directory, environment: environment)
        self.directory = directory
        self.environment = environment
        self.stores = selection.stores
        self.verifier = verifier
        self.storeNotice = selection.notice
        self.writeKind = selection.writeKind
        self.keyringProbe = selection.keyring
        self.unreadableKeyring = selection.unreadableKeyring
        self.preference = selection.preference
        if let fixed = environment.fixedTime { now = { fixed } }
        // Every run cleans up after a killed writer, not only the next one that writes: its
        // temporary file holds a copy of the tokens.
        DirectoryFiles(directory: directory).cleanUpAfterKilledWritersIfIdle()
    }

    var writeStore: any CredentialStore { stores.first { $0.kind == writeKind } ?? stores[0] }
    private var files: DirectoryFiles { DirectoryFiles(directory: directory) }

    // MARK: - Reading

    public func accounts() throws(CredentialError) -> AccountList {
        let config = try files.readConfig()
        let index = try files.readOrganizationList()
        var holders = try TokenHolders(stores: stores)
        var warnings = self.warnings()

        let defaultOrganization = config.setting("organization", environment: environment)
        var defaultKey: CredentialKey?
        if let defaultOrganization {
            do {
                defaultKey = try organization(from: defaultOrganization).key
            } catch {
                // A listing still shows what is stored; the setting gets a warning.
                warnings.append(error.message)
            }
        }

        var keys = Set(holders.keys).union(index.keys)
        if let defaultKey { keys.insert(defaultKey) }
        let rows = CredentialKey.sorted(keys).map { key in
            let traits = OrganizationURL.listingTraits(of: key)
            return AccountList.Row(
                key: key, stores: holders.kinds(for: key), isDefaultOrganization: key == defaultKey,
                isIndexed: index.contains(key), isRaw: traits.isRaw, hostWarning: traits.hostWarning)
        }.filter { !$0.isDefaultCredential || $0.hasToken }

        let memory = files.readMemory()
        if let damage = memory.damage { warnings.append(damage) }
        return AccountList(
            directory: directory, rows: rows, memory: memory, defaultOrganization: defaultOrganization,
            defaultOrganizationKey: defaultKey,
            defaultProject: config.setting("project", environment: environment),
            environmentOverride: TokenChain.environmentOverride(environment),
            stores: stores.map(StoreDescription.init), warnings: warnings, readAt: now())
    }

    /// Problems to mention on every command that touches the stores.
    public func warnings() -> [String] {
        stores.flatMap { $0.warnings() } + [unreadableKeyring?.warning].compactMap { $0 }
    }

    /// The effective default organization, with any environment override applied.
    public func defaultOrganization() throws(CredentialError) -> OrganizationURL? {
        guard let setting = try files.readConfig().setting("organization", environment: environment) else {
            return nil
        }
        return try organization(from: setting)
    }

    /// The default organization setting as a URL; a clear error naming where it came from.
    private func organization(from setting: DevOpsConfig.Setting) throws(CredentialError) -> OrganizationURL {
        do {
            return try OrganizationURL(stored: setting.value)
        } catch {
            let origin = setting.overriddenBy ?? directory.configFile
            throw .invalidInput(
                "The default organization \(Printable.quoted(setting.value)) (from \(origin)) is not a valid URL."
            )
        }
    }

    /// The token a command for this organization would use (the default organization when nil),
    /// and where it comes from. Reads the secret.
    public func resolveToken(for organization: OrganizationURL?) throws(CredentialError) -> ResolvedToken? {
        var target = organization
        if target == nil { target = try defaultOrganization() }
        return try resolveToken(forTarget: target)
    }

    /// `resolveToken`, for callers that cannot go on without one: none is a `.notFound` error
    /// that says what was looked for.
    public func requireToken(for organization: OrganizationURL?) throws(CredentialError) -> ResolvedToken {
        var target = organization
        if target == nil { target = try defaultOrganization() }
        if let resolved = try resolveToken(forTarget: target) { return resolved }
        throw .notFound(
            target.map { "No token for \($0.canonicalURL) and no default credential." }
                ?? "No default organization and no default credential.",
            hint: target == nil ? .nameOrganization : nil)
    }

    private func resolveToken(forTarget target: OrganizationURL?) throws(CredentialError) -> ResolvedToken? {
        var found: [CredentialKey: PersonalAccessToken] = [:]
        let source = try TokenChain.source(
            for: target?.key, variable: TokenChain.environmentOverride(environment)
        ) {
            (key) throws(CredentialError) in
            for store in stores {
                if let token = try store.token(for: key) {
                    found[key] = token
                    return store.kind
                }
            }
            return nil
        }
        guard let source else {
            if let error = unreadableKeyringError(lookingFor: target) { throw error }
            return nil
        }
        switch source {
        case .environment(let variable):
            let value = environment[variable] ?? ""
            if value.isEmpty {
                throw .invalidInput("\(variable) is set but empty; unset it or give it a token.")
            }
            return ResolvedToken(token: PersonalAccessToken(stored: value), source: source)
        case .organization(let key, _):
            return found[key].map { ResolvedToken(token: $0, source: source) }
        case .defaultCredential:
            return found[.defaultCredential].map { ResolvedToken(token: $0, source: source) }
        }
    }

    // MARK: - Login

    public struct LoginResult: Sendable {
        public let organization: OrganizationURL?
        /// Present when the token was verified.
        public let identity: Identity?
        public let store: StoreDescription
        public let becameDefaultOrganization: Bool
        /// A PAT variable that will keep taking precedence over the stored token while it is set.
        public let environmentOverride: String?
        public let replacedExisting: Bool
        /// What went wrong without stopping the login (one line each).
        public let warnings: [String]

        /// The login's check as `check(_:)` would report it now: present when the token was
        /// verified and is the one commands for the organization use (the login removed any
        /// other copy, and no PAT variable takes precedence).
        public var check: Check.Outcome? {
            guard let organization, let identity, environmentOverride == nil else { return nil }
            return .verified(.valid(identity), source: .organization(organization.key, store.kind))
        }
    }

    /// Stores a token for an organization (after checking it unless `verify` is false), or as the
    /// default credential when `organization` is nil. Nothing is stored when the check fails.
    public func login(
        token: PersonalAccessToken, organization: OrganizationURL?, verify: Bool = true
    ) async throws(CredentialError) -> LoginResult {
        try await login(token: token, organization: organization, verify: verify, serviceToken: nil)
    }

    /// `login`, remembering the service's entry for the token (a token `pat` made) in the same change.
    func login(
        token: PersonalAccessToken, organization: OrganizationURL?, verify: Bool,
        serviceToken: ServiceTokenInfo?
    ) async throws(CredentialError) -> LoginResult {
        var identity: Identity?
        if let organization { try requireProtectedTransport(to: organization) }
        if let organization, verify {
            let result = await verifier.verify(token, for: organization)
            // Cancelled while the check ran (Esc in the TUI): the person gave up on this login.
            if Task.isCancelled { throw .init(.unreachable, "The check was cancelled; nothing was stored.") }
            switch result {
            case .valid(let who):
                identity = who
            case .rejected(let reason):
                throw .init(
                    .rejected,
                    "\(organization.canonicalURL) refused the token: \(reason). Nothing was stored.")
            case .expired(let reason):
                throw .init(
                    .rejected,
                    "\(organization.canonicalURL) refused the token: it has expired (\(reason)). Nothing was stored.",
                    hint: .renewOrReplaceToken(organization.key, canRenew: false))
            case .unreachable(let reason):
                throw .init(
                    .unreachable,
                    "Could not check the token with \(organization.canonicalURL): \(reason). Nothing was stored."
                )
            case .unexpected(let reason, _):
                throw .init(
                    .unreachable,
                    "\(organization.canonicalURL) did not answer as Azure DevOps does: \(reason). Nothing was stored."
                )
            }
        }
        let key = organization?.key ?? .defaultCredential
        return try await Blocking.run { [identity] () throws(CredentialError) in
            try store(
                token, for: key, organization: organization, identity: identity, serviceToken: serviceToken)
        }
    }

    /// The stores, the index and the default organization after a login's check: under the
    /// lock, with keyring calls.
    private func store(
        _ token: PersonalAccessToken, for key: CredentialKey, organization: OrganizationURL?,
        identity: Identity?, serviceToken: ServiceTokenInfo?
    ) throws(CredentialError) -> LoginResult {
        let (replaced, becameDefault, warnings, target) = try files.transaction {
            (state) throws(CredentialError) in
            var holders: [StoreKind] = []
            for store in stores where try store.storedKeys().contains(key) { holders.append(store.kind) }
            let target = loginTarget(for: key, heldBy: holders)
            let warnings = try state.store(token, for: key, in: target)
            CrashPoint.reach("login.token-stored")
            for other in stores where other.kind != target.kind {
                // A token going to the file is written last: the other copy waits for it.
                if target is FileCredentialStore {
                    _ = try state.remove([key], onceWrittenFrom: other)
                } else {
                    _ = try state.remove([key], from: other)
                }
            }
            CrashPoint.reach("login.other-copies-removed")
            state.index.add(key)
            let stamp = now()
            // A new token: what was remembered about the one it replaces no longer holds.
            var record = CredentialRecord(storedAt: stamp, token: serviceToken)
            record.tokenFingerprint = token.fingerprint
            if let identity { record.noteCheck(.valid(identity), at: stamp) }
            state.memory[credential: key] = record
            var becameDefault = false
            // az sets it when its effective default is unset: AZURE_DEVOPS_EXT__DEFAULTS_ORGANIZATION
            // counts (knack reads the variable before the file).
            if let organization, state.config.setting("organization", environment: environment) == nil {
                state.setDefaultOrganization(organization.url)
                becameDefault = true
            }
            return (!holders.isEmpty, becameDefault, warnings, StoreDescription(target))
        }
        return LoginResult(
            organization: organization, identity: identity,
            store: target,
            becameDefaultOrganization: becameDefault,
            environmentOverride: TokenChain.environmentOverride(environment), replacedExisting: replaced,
            warnings: warnings + unreadableKeyringWarnings(forLoginOf: key))
    }

    // MARK: - Logout

    public struct LogoutResult: Sendable, Equatable {
        /// Keys that had a token or an index line and no longer do.
        public let removed: [CredentialKey]
        public let clearedDefaultOrganization: Bool
    }

    /// Removes the credentials of these keys from every store and the index, in one change, and
    /// clears the default organization when it is one of them (compared by key, not spelling).
    public func logout(_ keys: [CredentialKey]) throws(CredentialError) -> LogoutResult {
        guard !keys.isEmpty else { throw .notFound("Nothing to log out.") }
        try refuseLogoutLeavingKeyringTokens(keys)
        let result = try files.transaction { (state) throws(CredentialError) -> LogoutResult in
            var removed = Set<CredentialKey>()
            for store in stores {
                removed.formUnion(try state.remove(keys, from: store))
                CrashPoint.reach("logout.store-cleared")
            }
            for key in keys where state.index.remove(key) { removed.insert(key) }
            var cleared = false
            if let current = state.config.fileValue("organization"),
                let url = try? OrganizationURL(stored: current),
                removed.contains(url.key)
            {
                state.setDefaultOrganization("")
                cleared = true
            }
            return LogoutResult(removed: keys.filter(removed.contains), clearedDefaultOrganization: cleared)
        }
        if result.removed.isEmpty {
            if keys == [.defaultCredential] { throw .notFound("There is no default credential to remove.") }
            let names = keys.map(\.spokenName).joined(separator: ", ")
            throw .notFound("No credential was found for \(names).")
        }
        return result
    }

    /// Removes every stored credential (the default credential too, and keys that are not URLs,
    /// by their exact text) and the index, and clears the default organization. Keys missing
    /// from a store are skipped, unlike az. The index is deleted only once no store holds a key
    /// it names: a key a store kept keeps its line, so az and `doctor` still find it.
    public func logoutAll() throws(CredentialError) -> LogoutResult {
        try refuseLogoutLeavingKeyringTokens(nil)
        let (result, kept) = try files.transaction {
            (state) throws(CredentialError) -> (LogoutResult, [CredentialKey: [StoreKind]]) in
            var keys = Set(state.index.keys)
            for store in stores { keys.formUnion(try store.storedKeys()) }
            let ordered = keys.sorted()
            for store in stores {
                _ = try state.remove(ordered, from: store)
                CrashPoint.reach("logout-all.store-cleared")
            }
            // The token file's removal is written at commit and takes every section it names;
            // other stores changed at once and say what they still hold.
            var kept: [CredentialKey: [StoreKind]] = [:]
            for store in stores where !(store is FileCredentialStore) {
                for key in try store.storedKeys() { kept[key, default: []].append(store.kind) }
            }
            if kept.isEmpty {
                state.removeIndex = true
            } else {
                for key in state.index.keys where kept[key] == nil { state.index.remove(key) }
            }
            var cleared = false
            if state.config.fileValue("organization") != nil {
                state.setDefaultOrganization("")
                cleared = true
            }
            let removed = ordered.filter { kept[$0] == nil }
            return (LogoutResult(removed: removed, clearedDefaultOrganization: cleared), kept)
        }
        if !kept.isEmpty {
            let names = CredentialKey.sorted(kept.keys).prefix(3).map { key in
                "\(key.spokenName) (\(kept[key]!.map(\.rawValue).joined(separator: ", ")))"
            }
            throw .storage(
                "Removed \(result.removed.count) credential\(result.removed.count == 1 ? "" : "s"), but \(kept.count) could not be removed: \(names.joined(separator: "; "))\(kept.count > 3 ? "; …" : ""). organization_list keeps their lines."
            )
        }
        if result.removed.isEmpty { throw .notFound("No credentials were found.") }
        return result
    }

    // MARK: - What ado-accounts remembers

    /// ado-accounts' notes as they are now, read without the lock; never fails (see `AccountMemory.damage`).
    public func memory() -> AccountMemory {
        files.readMemory()
    }

    /// Changes ado-accounts' notes under the lock, from their current content.
    public func remember(_ change: (inout AccountMemory) -> Void) throws(CredentialError) {
        try files.transaction { (state) throws(CredentialError) in change(&state.memory) }
    }

    // MARK: - Defaults

    public struct DefaultChange: Sendable, Equatable {
        public let organization: OrganizationURL
        public let previous: String?
        /// The file named this organization already (by key, whatever its spelling).
        public var wasAlreadyDefault: Bool {
            previous.flatMap { try? OrganizationURL(stored: $0) }?.key == organization.key
        }
        /// What a command for the new default would authenticate with; nil when nothing.
        public let tokenSource: TokenSource?
        /// An environment variable that overrides the file's default while it is set.
        public let overriddenBy: String?
        /// What became of the default project (see `ProjectChange`).
        public let project: ProjectChange
        /// An environment variable that overrides the file's project while it is set.
        public let projectOverriddenBy: String?
    }

    /// Makes an organization the default and remembers the previous one for `restorePreviousDefault`;
    /// with `project`, makes that the default project in the same change, else restores the
    /// project last used with the organization (see `ProjectChange`).
    public func setDefaultOrganization(_ organization: OrganizationURL, project: String? = nil)
        throws(CredentialError) -> DefaultChange
    {
        if let project { try DevOpsDefaults.requireValidProject(project) }
        // The stores are read first: a store that cannot be read fails the command before the
        // default changes, rather than after.
        let list = try accounts()
        let stamp = now()
        let (previous, change) = try files.transaction {
            (state) throws(CredentialError) -> (String?, ProjectChange) in
            let previous = state.config.fileValue("organization")
            return (
                previous, state.switchDefaultOrganization(to: organization.url, project: project, at: stamp)
            )
        }
        return describeChange(to: organization, previous: previous, project: change, list: list)
    }

    /// `use -`: switches back to the default organization before the last change.
    public func restorePreviousDefault() throws(CredentialError) -> DefaultChange {
        let list = try accounts()
        let stamp = now()
        let (organization, previous, change) = try files.transaction {
            (state) throws(CredentialError) -> (OrganizationURL, String?, ProjectChange) in
            guard let recorded = state.previousOrganization else {
                throw .notFound("There is no previous default organization to switch back to.")
            }
            let organization: OrganizationURL
            do { organization = try OrganizationURL(stored: recorded) } catch {
                throw .invalidInput(
                    "The previous default organization \(Printable.quoted(recorded)) is not a valid URL.")
            }
            let previous = state.config.fileValue("organization")
            let change = state.switchDefaultOrganization(to: organization.url, project: nil, at: stamp)
            return (organization, previous, change)
        }
        return describeChange(to: organization, previous: previous, project: change, list: list)
    }

    /// A default switch changes no token, so a listing taken before it still holds.
    private func describeChange(
        to organization: OrganizationURL, previous: String?, project: ProjectChange, list: AccountList
    ) -> DefaultChange {
        let variable = DevOpsConfig.overrideVariable(for: "organization")
        let projectVariable = DevOpsConfig.overrideVariable(for: "project")
        return DefaultChange(
            organization: organization, previous: previous,
            tokenSource: list.tokenSource(for: organization.key),
            overriddenBy: environment[variable] != nil ? variable : nil, project: project,
            projectOverriddenBy: environment[projectVariable] != nil ? projectVariable : nil)
    }

    /// `configure`'s rules, which need no store.
    public var defaults: DevOpsDefaults {
        var defaults = DevOpsDefaults(directory: directory, environment: environment)
        defaults.now = now
        return defaults
    }
}
