import Foundation
import TestSupport
import Testing

@testable import CredentialCore

/// Calls that block their thread for up to seconds (the keyring, the directory lock, libcurl,
/// az) run off Swift's cooperative pool, which has one thread per core.
@Suite struct BlockingCallTests {
    /// More checks than cores, each stuck reading its token from a slow keyring: all are in
    /// flight at once and a task still runs meanwhile. On the pool, the reads would take every
    /// thread, and the other checks, and every other task, would wait for the keyring.
    @Test func slowKeyringReadsDoNotHoldUpOtherTasks() async throws {
        let count = ProcessInfo.processInfo.activeProcessorCount + 2
        let directory = try TemporaryDirectory()
        let organizations = try (0..<count).map { try OrganizationURL("org\($0)") }
        let tokens = InMemoryCredentialStore(kind: .keyring)
        for organization in organizations {
            try tokens.store(PersonalAccessToken("pat"), for: organization.key)
        }
        let keyring = GatedCredentialStore(tokens)
        defer { keyring.open() }
        let manager = AccountManager(
            environment: Environment(["AZURE_DEVOPS_EXT_CONFIG_DIR": directory.path, "HOME": directory.path]),
            stores: [keyring], verifier: ScriptedVerifier())

        let checks = Task {
            var valid = 0
            for await check in manager.checkAll(organizations, concurrency: count)
            where check.outcome.failure == nil {
                valid += 1
            }
            return valid
        }
        #expect(await Blocking.run { keyring.waitUntilWaiting(count) }, "every read waits at once")
        #expect(await Task.detached { "ran" }.value == "ran")

        keyring.open()
        #expect(await checks.value == count)
    }
}
