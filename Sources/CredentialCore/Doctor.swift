#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `doctor` found: the index, the stores and the default organization reconciled, and a
/// write, read and delete round trip on each store.
public struct DoctorReport: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// `organization_list` names a key that no store holds a token for.
        case indexWithoutToken
        /// A store holds a token for a key that `organization_list` does not name.
        case tokenNotInIndex
        /// Several keyring items for one key (az and keyring read the first one).
        case duplicateKeyringItems
        /// `personalAccessTokens` can be read by other users.
        case tokenFileReadableByOthers
        /// The default organization has no token of its own and there is no default credential.
        case defaultOrganizationWithoutToken
        /// The default organization is written as a project or repository address.
        case defaultOrganizationIsNotAnOrganizationURL
        /// The keyring and the file hold different tokens for one key (az uses the keyring's).
        case differentTokensInStores
        /// The keyring and the file hold the same token for one key.
        case sameTokenInBothStores
        /// A store failed the write, read and delete round trip.
        case roundTripFailed
        /// The keyring exists but cannot be used now (locked, not answering): its tokens could
        /// not be checked.
        case keyringUnreadable
        /// python-keyring is configured with a store ado-accounts does not use: az devops keeps
        /// its tokens there.
        case azUsesAnotherStore
        /// python-keyring is configured with no keyring, so az devops reads only the file, but
        /// tokens are in the keyring or new ones go there.
        case azDoesNotReadTheKeyring
        /// The config directory, or one above it, is a link, someone else's, or writable by
        /// others: nothing is written through it.
        case unsafeDirectory
        /// `ado-accounts.lock` is not a regular file of yours: nothing is changed until it goes.
        case unsafeLockFile
        /// `personalAccessTokens` has other names (hard links), which keep its tokens.
        case tokenFileHasOtherNames
        /// A store holds a token under a key that is not an organization URL ado-accounts can
        /// use (az stores whatever its URL parser lets through).
        case rawKey
    }

    public struct Finding: Sendable, Equatable {
        public let kind: Kind
        public let key: CredentialKey?
        /// One line for people; never contains a token.
        public let message: String
        /// Whether `--fix` repairs it without risk of losing a token.
        public let isFixable: Bool
        /// What `--fix` did, when it did something.
        public let fix: String?

        public var isFixed: Bool { fix != nil }
    }

    public struct RoundTrip: Sendable, Equatable {
        public let store: StoreKind
        /// Nil when the round trip worked (or was skipped).
        public let error: String?
        /// Why it was not run, when it was not.
        public let skipped: String?
    }

    public let stores: [StoreDescription]
    public let writeKind: StoreKind
    /// Why the keyring is not in use, when it is not.
    public let keyringUnavailable: String?
    public let findings: [Finding]
    public let roundTrips: [RoundTrip]
    /// What people should know that is not a problem (one line each): where az devops evidently
    /// keeps its tokens.
    public let notes: [String]
    /// The backend python-keyring (and so az devops) is configured with; nil when it chooses.
    public let pythonKeyring: PythonKeyringBackend?

    public var remaining: [Finding] { findings.filter { !$0.isFixed } }
    public var isHealthy: Bool { remaining.isEmpty }
}

extension AccountManager {
    /// The key the round trip writes and deletes; not an organization anyone uses.
    static let roundTripKey = CredentialKey(stored: "azdevops-cli:https://ado-accounts-doctor.invalid")!

    /// Reconciles `organization_list`, the stores and the default organization, under the
    /// directory lock. With `fix`, repairs what cannot lose a token and says what it did.
    /// Reads secrets (to compare copies); they never leave the core.
    ///
    /// When the way to the files is not safe to write through (an unsafe directory, a lock file
    /// that is not yours), that is reported and the rest is checked from the files as they are,
    /// without the lock, without repairs and without round trips: nothing is written there.
    public func doctor(fix: Bool, roundTrip: Bool = true) throws(CredentialError) -> DoctorReport {
        var refusals = directory.unsafeDirectories().map {
            DoctorReport.Finding(
                kind: .unsafeDirectory, key: nil, message: $0.explanation, isFixable: false, fix: nil)
        }
        if let problem = DirectoryLock(path: directory.lockFile).problem() {
            refusals.append(
                .init(
                    kind: .unsafeLockFile, key: nil,
                    message:
                        "The lock file is unusable: \(problem) Nothing is changed here until it is removed (ado-accounts makes a new one).",
                    isFixable: false, fix: nil))
        }

        func reconcile(_ state: inout DirectoryFiles.State, fix: Bool) throws(CredentialError) -> DoctorReport
        {
            var findings = refusals
            func add(
                _ kind: DoctorReport.Kind, _ key: CredentialKey?, _ message: String, fixable: Bool,
                fixed: String? = nil
            ) {
                findings.append(.init(kind: kind, key: key, message: message, isFixable: fixable, fix: fixed))
            }
            func name(_ key: CredentialKey) -> String { SecretServiceCredentialStore.describe(key) }

            let holders = try TokenHolders(stores: stores, ignoring: Self.roundTripKey)

            // A keyring that exists but cannot be read now (locked, hung, failing) may hold the
            // tokens these lines name: they are reported, never removed. A locked one is asked
            // exactly which.
            let defaultKey = state.config.setting("organization", environment: environment)
                .flatMap { try? OrganizationURL(stored: $0.value) }?.key
            let unseen = state.index.keys.filter { !holders.holds($0) }
            let hidden = Set(
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

            for key in holders.keys.sorted()
            where !key.isDefaultCredential && OrganizationURL(key: key) == nil {
                add(
                    .rawKey, key,
                    "A token is stored under \(name(key)), which is not an organization URL ado-accounts can check; 'ado-accounts logout --all', or 'logout --organization' with the whole key, removes it.",
                    fixable: false)
            }

            if let keyring = stores.first(where: { $0.kind == .keyring }) as? SecretServiceCredentialStore {
                var counts: [CredentialKey: Int] = [:]
                for item in try keyring.items() {
                    if let key = item.key, key != Self.roundTripKey { counts[key, default: 0] += 1 }
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

            if let file = stores.first(where: { $0.kind == .file }) as? FileCredentialStore,
                file.isReadableByOthers
            {
                let mode = SecureFile.mode(of: file.path) ?? 0
                var done: String?
                if fix {
                    try Self.restrictMode(of: file.path)
                    done = "set its mode to 600"
                }
                add(
                    .tokenFileReadableByOthers, nil,
                    "\(file.path) is readable by others (mode \(String(mode, radix: 8))).", fixable: true,
                    fixed: done)
            }
            let tokenFile = stores.first(where: { $0.kind == .file }) as? FileCredentialStore
            let tokenFileNames = tokenFile.flatMap { SecureFile.linkCount(of: $0.path) } ?? 1
            if let tokenFile, tokenFileNames > 1 {
                // Not fixable: a write replaces this name with a new file, and the others keep
                // the tokens as they were; only removing them helps.
                add(
                    .tokenFileHasOtherNames, nil,
                    "\(tokenFile.path) has \(tokenFileNames) names (hard links): the others keep its tokens, also after ado-accounts replaces this one. Find them with 'find / -xdev -samefile \(tokenFile.path)' and remove them.",
                    fixable: false)
            }

            if let setting = state.config.setting("organization", environment: environment),
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
                        for store in holding where store.kind != writeKind { _ = try store.remove([key]) }
                        done = "kept the copy in the \(writeKind.rawValue)"
                    }
                    add(
                        .sameTokenInBothStores, key,
                        "The keyring and the file both hold the token for \(name(key)).", fixable: true,
                        fixed: done)
                }
            }

            let python = PythonKeyringBackend.configured(environment: environment)
            let azStorage = azStorageFindings(holders: holders, python: python)
            findings += azStorage.findings

            var trips: [DoctorReport.RoundTrip] = []
            if roundTrip {
                for store in stores {
                    if !refusals.isEmpty {
                        trips.append(
                            .init(
                                store: store.kind, error: nil,
                                skipped: "nothing is written while the problems above stand"))
                        continue
                    }
                    // Writing the file replaces it with a new one: its other names would stop
                    // showing, and they keep the tokens.
                    if store.kind == .file, tokenFileNames > 1 {
                        trips.append(
                            .init(
                                store: store.kind, error: nil,
                                skipped:
                                    "it would replace the file, whose other names would then go unreported"))
                        continue
                    }
                    // Writing the file replaces it with a private copy: that would repair its
                    // mode behind the report's back, so without --fix the test waits.
                    if !fix, store.isReadableByOthers {
                        trips.append(
                            .init(
                                store: store.kind, error: nil,
                                skipped:
                                    "it would rewrite the file, which is readable by others; run 'doctor --fix'"
                            ))
                        continue
                    }
                    let error = Self.roundTrip(on: store)
                    trips.append(.init(store: store.kind, error: error, skipped: nil))
                    if let error {
                        add(
                            .roundTripFailed, nil,
                            "The \(store.kind.rawValue) failed a write, read and delete test: \(error)",
                            fixable: false)
                    }
                }
            }

            return DoctorReport(
                stores: stores.map(StoreDescription.init), writeKind: writeKind,
                keyringUnavailable: keyringProbe.isAvailable ? nil : keyringProbe.explanation,
                findings: findings, roundTrips: trips, notes: azStorage.notes, pythonKeyring: python)
        }

        let files = DirectoryFiles(directory: directory)
        if refusals.isEmpty {
            return try files.transaction { (state) throws(CredentialError) -> DoctorReport in
                try reconcile(&state, fix: fix)
            }
        }
        var state = try files.snapshot()
        return try reconcile(&state, fix: false)
    }

    /// Writes a throw-away token, reads it back, deletes it; the error, or nil.
    static func roundTrip(on store: any CredentialStore) -> String? {
        let token = PersonalAccessToken(
            stored: "doctor" + (0..<24).map { _ in String(Int.random(in: 0..<36), radix: 36) }.joined())
        do {
            try store.store(token, for: roundTripKey)
            let back = try store.token(for: roundTripKey)
            let removed = try store.remove([roundTripKey])
            if back != token { return "the token read back differs from the one written" }
            if removed != [roundTripKey] { return "the test token could not be deleted" }
            if try store.token(for: roundTripKey) != nil {
                return "the test token is still there after deleting it"
            }
            return nil
        } catch {
            _ = try? store.remove([roundTripKey])
            return error.message
        }
    }

    /// chmod 600 on the file itself, never through a link.
    static func restrictMode(of path: String) throws(CredentialError) {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw SecureFile.failure(errno, reading: path) }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else { throw SecureFile.failure(errno, writing: path) }
    }
}
