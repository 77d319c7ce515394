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
        /// One of az's files cannot be read at all (far too large, UTF-16): neither az nor
        /// ado-accounts can use it, and nothing else is examined until it is dealt with.
        case unreadableFile
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

        let unreadable = Self.unreadableFiles(in: directory)
        if !unreadable.isEmpty {
            return DoctorReport(
                stores: stores.map(StoreDescription.init), writeKind: writeKind,
                keyringUnavailable: keyringProbe.isAvailable ? nil : keyringProbe.explanation,
                findings: refusals + unreadable, roundTrips: [], notes: [],
                pythonKeyring: PythonKeyringBackend.configured(environment: environment))
        }

        let files = DirectoryFiles(directory: directory)
        if refusals.isEmpty {
            return try files.transaction { (state) throws(CredentialError) -> DoctorReport in
                var examination = try DoctorExamination(manager: self, refusals: refusals, fix: fix)
                return try examination.run(on: &state, roundTrip: roundTrip)
            }
        }
        var state = try files.snapshot()
        var examination = try DoctorExamination(manager: self, refusals: refusals, fix: false)
        return try examination.run(on: &state, roundTrip: roundTrip)
    }

    /// az's files that cannot be read at all, one finding each. Every other check reads them,
    /// so a report lists these instead of stopping at the first.
    static func unreadableFiles(in directory: ConfigDirectory) -> [DoctorReport.Finding] {
        [directory.configFile, directory.organizationListFile, directory.tokenFile].compactMap {
            (path) -> DoctorReport.Finding? in
            do throws(CredentialError) {
                guard var contents = try SecureFile.readText(path) else { return nil }
                SecureFile.wipe(&contents.bytes)
                return nil
            } catch {
                return DoctorReport.Finding(
                    kind: .unreadableFile, key: nil,
                    message: error.message + " Nothing else was examined; move it aside to go on.",
                    isFixable: false, fix: nil)
            }
        }
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
