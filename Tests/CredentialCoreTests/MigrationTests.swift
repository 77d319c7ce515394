import CredentialCore
import Synchronization
import TestSupport
import Testing

/// A keyring stand-in that can fail on demand, to interrupt a migration at each step.
final class InterruptibleKeyring: CredentialStore {
    enum Step: Sendable { case store, readBack, remove }

    private let inner = InMemoryCredentialStore()
    /// Fail the n-th call (from 1) of this step; nil: never.
    private let failure: Mutex<(step: Step, after: Int)?>
    private let counts = Mutex<[Step: Int]>([:])

    init(failing step: Step? = nil, onCall call: Int = 1) {
        failure = Mutex(step.map { ($0, call) })
    }

    var kind: StoreKind { .keyring }
    var location: String { "test keyring" }

    private func check(_ step: Step) throws(CredentialError) {
        let count = counts.withLock { counts in
            counts[step, default: 0] += 1
            return counts[step]!
        }
        if let failure = failure.withLock({ $0 }), failure.step == step, failure.after == count {
            throw CredentialError(.storage, "Could not reach the keyring: the daemon went away.")
        }
    }

    /// The stored token without counting a call (for the test's own checks).
    func peek(_ key: CredentialKey) -> String? { (try? inner.token(for: key))??.revealed }

    func storedKeys() throws(CredentialError) -> [CredentialKey] { try inner.storedKeys() }
    func token(for key: CredentialKey) throws(CredentialError) -> PersonalAccessToken? {
        try check(.readBack)
        return try inner.token(for: key)
    }
    @discardableResult
    func store(_ token: PersonalAccessToken, for key: CredentialKey) throws(CredentialError) -> [String] {
        try check(.store)
        return try inner.store(token, for: key)
    }
    func remove(_ keys: [CredentialKey]) throws(CredentialError) -> [CredentialKey] {
        try check(.remove)
        return try inner.remove(keys)
    }
}

@Suite struct MigrationTests {
    let directory: TemporaryDirectory
    let organizations = ["alpha", "bravo", "charlie"].map { try! OrganizationURL($0) }

    init() throws {
        directory = try TemporaryDirectory()
    }

    func manager(_ keyring: InterruptibleKeyring, writeKind: StoreKind) -> AccountManager {
        AccountManager(
            environment: Environment(["AZURE_DEVOPS_EXT_CONFIG_DIR": directory.path, "HOME": directory.path]),
            stores: [keyring, FileCredentialStore(path: directory.appending("personalAccessTokens"))],
            writeKind: writeKind)
    }

    func seedFile(_ manager: AccountManager) async throws {
        for organization in organizations {
            _ = try await manager.login(
                token: try PersonalAccessToken("token-\(organization.key.organizationURL!.suffix(5))"),
                organization: organization, verify: false)
        }
    }

    /// Every token, wherever it is: nothing may be missing after any interruption.
    func everyToken(_ manager: AccountManager) throws -> [CredentialKey: String] {
        var found: [CredentialKey: String] = [:]
        for organization in organizations {
            for store in manager.stores {
                let value: String?
                if let keyring = store as? InterruptibleKeyring {
                    value = keyring.peek(organization.key)
                } else {
                    value = try store.token(for: organization.key)?.revealed
                }
                if let value {
                    #expect(found[organization.key] == nil || found[organization.key] == value)
                    found[organization.key] = value
                }
            }
        }
        return found
    }

    @Test func migrationMovesEveryTokenAndReadsEachBack() async throws {
        let keyring = InterruptibleKeyring()
        let manager = manager(keyring, writeKind: .file)
        try await seedFile(manager)
        let before = try everyToken(manager)

        let report = try manager.migrate(to: .keyring)
        #expect(report.moved == organizations.map(\.key).sorted())
        #expect(try keyring.storedKeys() == organizations.map(\.key).sorted())
        #expect(try manager.stores[1].storedKeys().isEmpty)
        #expect(try everyToken(manager) == before)
    }

    @Test(arguments: [
        (InterruptibleKeyring.Step.store, 1), (.store, 2), (.store, 3),
        (.readBack, 2), (.readBack, 4), (.readBack, 6),
    ])
    func anInterruptionAtAnyStepLosesNothing(step: InterruptibleKeyring.Step, call: Int) async throws {
        let keyring = InterruptibleKeyring(failing: step, onCall: call)
        let manager = manager(keyring, writeKind: .file)
        try await seedFile(manager)
        let before = try everyToken(manager)
        #expect(before.count == 3)

        #expect(throws: CredentialError.self) { try manager.migrate(to: .keyring) }
        #expect(try everyToken(manager) == before)
        // Run again once the keyring is back: everything ends up there, nothing twice.
        let healthy = InterruptibleKeyring()
        for key in try keyring.storedKeys() {
            try healthy.store(try PersonalAccessToken(keyring.peek(key)!), for: key)
        }
        let retry = AccountManager(
            environment: manager.environment, stores: [healthy, manager.stores[1]], writeKind: .file)
        _ = try retry.migrate(to: .keyring)
        #expect(try everyToken(retry) == before)
        #expect(try retry.stores[1].storedKeys().isEmpty)
    }

    @Test func aTokenThatDoesNotReadBackEquallyStaysInTheSource() throws {
        /// A keyring that stores something else than it was given.
        final class Garbling: CredentialStore {
            let inner = InMemoryCredentialStore()
            var kind: StoreKind { .keyring }
            var location: String { "garbling keyring" }
            func storedKeys() throws(CredentialError) -> [CredentialKey] { try inner.storedKeys() }
            func token(for key: CredentialKey) throws(CredentialError) -> PersonalAccessToken? {
                try inner.token(for: key)
            }
            func store(_ token: PersonalAccessToken, for key: CredentialKey) throws(CredentialError)
                -> [String]
            {
                try inner.store(try PersonalAccessToken(token.revealed + "x"), for: key)
            }
            func remove(_ keys: [CredentialKey]) throws(CredentialError) -> [CredentialKey] {
                try inner.remove(keys)
            }
        }
        let file = FileCredentialStore(path: directory.appending("personalAccessTokens"))
        let key = organizations[0].key
        try file.store(try PersonalAccessToken("original"), for: key)
        let manager = AccountManager(
            environment: Environment(["AZURE_DEVOPS_EXT_CONFIG_DIR": directory.path, "HOME": directory.path]),
            stores: [Garbling(), file], writeKind: .file)
        #expect(throws: CredentialError.self) { try manager.migrate(to: .keyring) }
        #expect(try file.token(for: key)?.revealed == "original")
    }

    @Test func movingOneOrganizationLeavesTheOthers() async throws {
        let keyring = InterruptibleKeyring()
        let manager = manager(keyring, writeKind: .file)
        try await seedFile(manager)
        let report = try manager.move(organizations[1].key, to: .keyring)
        #expect(report.moved == [organizations[1].key])
        #expect(try keyring.storedKeys() == [organizations[1].key])
        #expect(try manager.stores[1].storedKeys() == [organizations[0].key, organizations[2].key])
        #expect(throws: CredentialError.self) {
            try manager.move(try OrganizationURL("nobody").key, to: .keyring)
        }
    }
}
