/// One run of `doctor`, step by step: each step reads the stores and files, adds what it finds,
/// and, with `fix`, repairs what cannot lose a token (in `state`, written by the caller's
/// transaction).
struct DoctorExamination {
    let manager: AccountManager
    let fix: Bool
    /// Problems that forbid every write (unsafe directories, an unusable lock file).
    let refusals: [DoctorReport.Finding]
    let holders: TokenHolders
    private(set) var findings: [DoctorReport.Finding]
    /// Keys an unreadable keyring may hold: reported, never removed.
    private var hidden: Set<CredentialKey> = []

    init(manager: AccountManager, refusals: [DoctorReport.Finding], fix: Bool) throws(CredentialError) {
        self.manager = manager
        self.refusals = refusals
        self.fix = fix
        self.findings = refusals
        self.holders = try TokenHolders(stores: manager.stores, ignoring: AccountManager.roundTripKey)
    }

    mutating func run(on state: inout DirectoryFiles.State, roundTrip: Bool) throws(CredentialError)
        -> DoctorReport
    {
        checkIndex(&state)
        checkRawKeys()
        try checkKeyringDuplicates()
        try checkTokenFile()
        checkDefaultOrganization(&state)
        try checkCopiesInBothStores()
        let python = PythonKeyringBackend.configured(environment: manager.environment)
        let azStorage = manager.azStorageFindings(holders: holders, python: python)
        findings += azStorage.findings
        let trips = roundTrip ? roundTrips() : []
        return DoctorReport(
            stores: manager.stores.map(StoreDescription.init), writeKind: manager.writeKind,
            keyringUnavailable: manager.keyringProbe.isAvailable ? nil : manager.keyringProbe.explanation,
            findings: findings, roundTrips: trips, notes: azStorage.notes, pythonKeyring: python)
    }

    private mutating func add(
        _ kind: DoctorReport.Kind, _ key: CredentialKey?, _ message: String, fixable: Bool,
        fixed: String? = nil
    ) {
        findings.append(.init(kind: kind, key: key, message: message, isFixable: fixable, fix: fixed))
    }

    private func name(_ key: CredentialKey) -> String { key.spokenName }

    private var tokenFile: FileCredentialStore? {
        manager.stores.first(where: { $0.kind == .file }) as? FileCredentialStore
    }

    private var tokenFileNames: Int { tokenFile.flatMap { SecureFile.linkCount(of: $0.path) } ?? 1 }

    /// organization_list against the stores, both ways.
    private mutating func checkIndex(_ state: inout DirectoryFiles.State) {
        // A keyring that exists but cannot be read now (locked, hung, failing) may hold the
        // tokens these lines name: they are reported, never removed. A locked one is asked
        // exactly which.
        let unreadableKeyring = manager.unreadableKeyring
        let defaultKey = state.config.setting("organization", environment: manager.environment)
            .flatMap { try? OrganizationURL(stored: $0.value) }?.key
        let unseen = state.index.keys.filter { !holders.holds($0) }
        hidden = Set(
            unreadableKeyring?.holding(unseen + [defaultKey, .defaultCredential].compactMap { $0 }) ?? [])
        if let keyring = unreadableKeyring, keyring.mayHoldTokens {
            let what = keyring.itemCount.map { $0 == 1 ? "A token" : "\($0) tokens" } ?? "Tokens"
            add(
                .keyringUnreadable, nil,
                "\(what) in the keyring could not be checked: \(keyring.reason).", fixable: false)
        }
        for key in unseen {
            if let keyring = unreadableKeyring, hidden.contains(key) {
                add(
                    .indexWithoutToken, key,
                    "organization_list names \(name(key)), but no token is stored for it in the file, and the keyring cannot be checked\(keyring.isSearchable ? ", although it holds one" : ""): \(keyring.reason).",
                    fixable: false)
                continue
            }
            var done: String?
            if fix {
                _ = state.index.remove(key)
                done = "removed the line from organization_list"
            }
            add(
                .indexWithoutToken, key,
                "organization_list names \(name(key)), but no token is stored for it.", fixable: true,
                fixed: done)
        }
        for key in holders.keys.sorted() where !state.index.contains(key) {
            // A line break or trailing whitespace cannot survive as a line of the index.
            guard OrganizationList.canHoldLine(for: key) else {
                add(
                    .tokenNotInIndex, key,
                    "A token is stored for \(name(key)), but organization_list does not name it, and cannot: the key has a line break or ends in whitespace.",
                    fixable: false)
                continue
            }
            var done: String?
            if fix {
                state.index.add(key)
                done = "added it to organization_list"
            }
            add(
                .tokenNotInIndex, key,
                "A token is stored for \(name(key)), but organization_list does not name it.",
                fixable: true, fixed: done)
        }
    }

    private mutating func checkRawKeys() {
        for key in holders.keys.sorted()
        where !key.isDefaultCredential && OrganizationURL(key: key) == nil {
            add(
                .rawKey, key,
                "A token is stored under \(name(key)), which is not an organization URL ado-accounts can check; 'ado-accounts logout --all', or 'logout --organization' with the whole key, removes it.",
                fixable: false)
        }
    }

    private mutating func checkKeyringDuplicates() throws(CredentialError) {
        guard
            let keyring = manager.stores.first(where: { $0.kind == .keyring })
                as? SecretServiceCredentialStore
        else { return }
        var counts: [CredentialKey: Int] = [:]
        for item in try keyring.items() {
            if let key = item.key, key != AccountManager.roundTripKey { counts[key, default: 0] += 1 }
        }
        for (key, count) in counts.sorted(by: { $0.key < $1.key }) where count > 1 {
            let duplicates = try keyring.duplicates(for: key, fix: fix)
            if duplicates.allEqual {
                let done =
                    duplicates.removed > 0
                    ? "deleted \(duplicates.removed) extra item\(duplicates.removed == 1 ? "" : "s")"
                    : nil
                add(
                    .duplicateKeyringItems, key,
                    "The keyring holds \(duplicates.count) items with the same token for \(name(key)).",
                    fixable: true, fixed: done)
            } else {
                add(
                    .duplicateKeyringItems, key,
                    "The keyring holds \(duplicates.count) items with different tokens for \(name(key)); az uses the first it finds. Log in again to keep one.",
                    fixable: false)
            }
        }
    }

    /// Its mode, and other names (hard links) that keep its tokens.
    private mutating func checkTokenFile() throws(CredentialError) {
        guard let file = tokenFile else { return }
        if file.isReadableByOthers {
            let mode = SecureFile.mode(of: file.path) ?? 0
            var done: String?
            if fix {
                try AccountManager.restrictMode(of: file.path)
                done = "set its mode to 600"
            }
            add(
                .tokenFileReadableByOthers, nil,
                "\(file.path) is readable by others (mode \(String(mode, radix: 8))).", fixable: true,
                fixed: done)
        }
        let names = tokenFileNames
        if names > 1 {
            // Not fixable: a write replaces this name with a new file, and the others keep
            // the tokens as they were; only removing them helps.
            add(
                .tokenFileHasOtherNames, nil,
                "\(file.path) has \(names) names (hard links): the others keep its tokens, also after ado-accounts replaces this one. Find them with 'find / -xdev -samefile \(file.path)' and remove them.",
                fixable: false)
        }
    }

    private mutating func checkDefaultOrganization(_ state: inout DirectoryFiles.State) {
        if let setting = state.config.setting("organization", environment: manager.environment),
            let organization = try? OrganizationURL(stored: setting.value),
            !holders.holds(organization.key), !holders.holds(.defaultCredential),
            !hidden.contains(organization.key), !hidden.contains(.defaultCredential)
        {
            add(
                .defaultOrganizationWithoutToken, organization.key,
                "The default organization \(organization.canonicalURL) has no token and there is no default credential; run 'ado-accounts login --organization \(organization.canonicalURL)'.",
                fixable: false)
        }
        if let value = state.config.fileValue("organization"),
            let organization = OrganizationURL.organizationOfPastedDefault(value)
        {
            var done: String?
            if fix {
                state.config = state.config.settingValue(organization, for: "organization")
                done = "wrote \(organization)"
            }
            add(
                .defaultOrganizationIsNotAnOrganizationURL, nil,
                "The default organization is written as a project or repository address (\(Printable.sanitized(value))); az devops needs the organization's URL, \(organization).",
                fixable: true, fixed: done)
        }
    }

    private mutating func checkCopiesInBothStores() throws(CredentialError) {
        for key in holders.keys.filter({ holders.count(for: $0) > 1 }).sorted() {
            let holding = holders.stores(for: key)
            let tokens = try holding.map { (store) throws(CredentialError) in try store.token(for: key) }
            if Set(tokens.map { $0?.revealed }).count > 1 {
                add(
                    .differentTokensInStores, key,
                    "The keyring and the file hold different tokens for \(name(key)); az uses the keyring's. Log in again to keep one.",
                    fixable: false)
            } else {
                var done: String?
                if fix {
                    for store in holding where store.kind != manager.writeKind { _ = try store.remove([key]) }
                    done = "kept the copy in the \(manager.writeKind.rawValue)"
                }
                add(
                    .sameTokenInBothStores, key,
                    "The keyring and the file both hold the token for \(name(key)).", fixable: true,
                    fixed: done)
            }
        }
    }

    /// A write, read and delete test in each store, unless writing would hide or repair a
    /// problem behind the report's back.
    private mutating func roundTrips() -> [DoctorReport.RoundTrip] {
        var trips: [DoctorReport.RoundTrip] = []
        for store in manager.stores {
            if let skipped = reasonToSkipRoundTrip(on: store) {
                trips.append(.init(store: store.kind, error: nil, skipped: skipped))
                continue
            }
            let error = AccountManager.roundTrip(on: store)
            trips.append(.init(store: store.kind, error: error, skipped: nil))
            if let error {
                add(
                    .roundTripFailed, nil,
                    "The \(store.kind.rawValue) failed a write, read and delete test: \(error)",
                    fixable: false)
            }
        }
        return trips
    }

    private func reasonToSkipRoundTrip(on store: any CredentialStore) -> String? {
        if !refusals.isEmpty { return "nothing is written while the problems above stand" }
        // Writing the file replaces it with a new one: its other names would stop showing, and
        // they keep the tokens.
        if store.kind == .file, tokenFileNames > 1 {
            return "it would replace the file, whose other names would then go unreported"
        }
        // Writing the file replaces it with a private copy: that would repair its mode behind
        // the report's back, so without --fix the test waits.
        if !fix, store.isReadableByOthers {
            return "it would rewrite the file, which is readable by others; run 'doctor --fix'"
        }
        return nil
    }
}
