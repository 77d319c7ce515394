import Foundation
import TestSupport
import Testing

@testable import CredentialCore

/// An expired PAT, as Azure DevOps answers it (401 and `X-TFS-ServiceError`), through the real
/// verifier and libcurl against a real server on 127.0.0.1.
@Suite struct ExpiredTokenTests {
    let server: TestHTTPServer
    let verifier = HTTPTokenVerifier(timeout: .seconds(30))

    init() throws {
        server = try TestHTTPServer(tokens: ["good-token": "Jane Doe"])
    }

    @Test func a401SayingTheTokenExpiredIsExpired() async throws {
        let result = await verifier.verify(
            try PersonalAccessToken("good-token"), for: try OrganizationURL(server.organization(.expired)))
        guard case .expired(let reason) = result else {
            Issue.record("expected expired, got \(result)")
            return
        }
        // The header is decoded, and its words are the service's.
        #expect(reason == "HTTP 401: Access Denied: The Personal Access Token used has expired.")
        #expect(result.label == "expired")
        #expect(result.outcome == .expired)
    }

    @Test func a401WithoutTheHeaderStaysRejected() async throws {
        let result = await verifier.verify(
            try PersonalAccessToken("good-token"),
            for: try OrganizationURL(server.organization(.unauthorized)))
        #expect(result == .rejected(reason: "HTTP 401: the token was not accepted"))
    }

    /// A failed check of an expired token is a refusal: exit status 3, as for a rejected one.
    @Test func anExpiredCheckFailsAsARefusal() {
        let outcome = AccountManager.Check.Outcome.verified(
            .expired(reason: "x"), source: .defaultCredential(.file))
        #expect(outcome.failure == .rejected)
    }

    /// What the header says is the service's text: sanitized and bounded before anyone sees it.
    @Test func theHeadersTextIsDecodedAndSanitized() {
        let response = ConnectionDataClassifier.Response(
            status: 401, body: [], bodyTruncated: false, redirectLocation: nil,
            serviceError: "Your%20token%20has%20expired%1B%5B31m" + String(repeating: "%20x", count: 400))
        let result = ConnectionDataClassifier.classify(response, bodyLimit: 1024)
        guard case .expired(let reason) = result else {
            Issue.record("expected expired, got \(result)")
            return
        }
        #expect(!reason.contains("\u{1B}"))
        #expect(reason.count < 200)
    }

    /// `properties.Account` of connectionData is the account's e-mail.
    @Test func theIdentityCarriesTheAccountsEmail() async throws {
        server.accept(token: "mail-token", as: "Ada Lovelace", email: "ada@fabrikam.example")
        let result = await verifier.verify(
            try PersonalAccessToken("mail-token"),
            for: try OrganizationURL(server.organization(named: "fabrikam")))
        #expect(result.identity?.displayName == "Ada Lovelace")
        #expect(result.identity?.email == "ada@fabrikam.example")
    }
}

/// Every check is remembered, a batch in one change, and a record that cannot be written never
/// fails the check.
@Suite struct CheckMemoryTests {
    let directory: TemporaryDirectory
    let server: TestHTTPServer
    let manager: AccountManager
    static let now = Timestamp.parse("2026-12-06T22:00:00Z")!

    init() throws {
        directory = try TemporaryDirectory("check-memory")
        server = try TestHTTPServer()
        var manager = AccountManager(
            environment: Environment([
                "AZURE_DEVOPS_EXT_CONFIG_DIR": directory.appending("cfg"), "HOME": directory.path,
            ]),
            stores: [InMemoryCredentialStore()], verifier: HTTPTokenVerifier(timeout: .seconds(30)))
        manager.allowsHTTP = true
        manager.now = { Self.now }
        self.manager = manager
    }

    func login(_ name: String, token: String) async throws -> OrganizationURL {
        let organization = try OrganizationURL(server.organization(named: name))
        _ = try await manager.login(
            token: PersonalAccessToken(token), organization: organization, verify: false)
        return organization
    }

    @Test func eachCheckOfABatchIsRemembered() async throws {
        server.accept(token: "pat-a", as: "Ada", email: "ada@example.com")
        server.expire(token: "pat-b")
        let a = try await login("alpha", token: "pat-a")
        let b = try await login("beta", token: "pat-b")
        let c = try await login("gamma", token: "pat-c")
        var checks: [AccountManager.Check] = []
        for await check in manager.checkAll([a, b, c]) { checks.append(check) }
        #expect(manager.remember(checks) == nil)
        let memory = manager.memory()
        var expected = CredentialRecord(
            storedAt: Self.now, checkedAt: Self.now, outcome: .valid, displayName: "Ada",
            email: "ada@example.com")
        expected.tokenFingerprint = PersonalAccessToken(stored: "pat-a").fingerprint
        #expect(memory[credential: a.key] == expected)
        #expect(memory[credential: b.key].outcome == .expired)
        #expect(memory[credential: c.key].outcome == .rejected)
    }

    @Test func aRefusalKeepsTheIdentityLastSeen() async throws {
        server.accept(token: "pat-a", as: "Ada", email: "ada@example.com")
        let a = try await login("alpha", token: "pat-a")
        #expect(manager.remember([await manager.check(a)]) == nil)
        server.expire(token: "pat-a")
        #expect(manager.remember([await manager.check(a)]) == nil)
        let record = manager.memory()[credential: a.key]
        #expect(record.outcome == .expired)
        #expect(record.displayName == "Ada" && record.email == "ada@example.com")
    }

    @Test func aRecordThatCannotBeWrittenIsAWarningNotAFailure() async throws {
        server.accept(token: "pat-a", as: "Ada")
        let a = try await login("alpha", token: "pat-a")
        let check = await manager.check(a)
        // A lock file that is not a regular file refuses every change.
        let lock = directory.appending("cfg/ado-accounts.lock")
        try? FileManager.default.removeItem(atPath: lock)
        try FileManager.default.createDirectory(atPath: lock, withIntermediateDirectories: false)
        let warning = try #require(manager.remember([check]))
        #expect(warning.hasPrefix("The check's result was not remembered:"))
        #expect(check.outcome.failure == nil)
    }
}
