import Foundation
import TestSupport
import Testing

@testable import CredentialCore

/// The real verifier against a real HTTP server on 127.0.0.1.
@Suite struct HTTPTokenVerifierTests {
    let server: TestHTTPServer
    /// Long: only the timeout test below wants one to pass, and it has its own.
    let verifier = HTTPTokenVerifier(timeout: .seconds(30))
    let token: PersonalAccessToken

    init() throws {
        server = try TestHTTPServer(tokens: ["good-token": "Jane Doe"])
        token = try PersonalAccessToken("good-token")
    }

    func verify(_ url: String, with token: PersonalAccessToken? = nil, verifier: HTTPTokenVerifier? = nil)
        async throws -> VerificationResult
    {
        await (verifier ?? self.verifier).verify(token ?? self.token, for: try OrganizationURL(url))
    }

    @Test func anAcceptedTokenIsValidWithItsIdentity() async throws {
        let result = try await verify(server.organization(named: "contoso"))
        #expect(
            result
                == .valid(Identity(displayName: "Jane Doe", id: TestHTTPServer.identifier(for: "Jane Doe"))))
    }

    @Test func theRequestCarriesExactlyTheHeadersAzSends() async throws {
        _ = try await verify(server.organization(named: "Contoso") + "/_git/repo?path=/x")
        let request = try #require(server.requests.last)
        #expect(request.method == "GET")
        #expect(request.path == "/Contoso/_apis/connectionData")
        #expect(request.headers["authorization"] == "Basic Omdvb2QtdG9rZW4=")
        #expect(request.headers["accept"] == "application/json;api-version=5.0-preview.1")
        #expect(request.headers["x-tfs-fedauthredirect"] == "Suppress")
    }

    /// Every length of ":PAT" modulo 3, against Foundation's base64.
    @Test(arguments: ["a", "ab", "abc", "tok-4KqZ"])
    func theCredentialIsEncodedAsBase64(_ pat: String) async throws {
        let server = try TestHTTPServer(tokens: [pat: "Jane Doe"])
        let result = await verifier.verify(
            try PersonalAccessToken(pat), for: try OrganizationURL(server.organization(named: "contoso")))
        #expect(result.identity?.displayName == "Jane Doe")
        #expect(
            server.requests.last?.headers["authorization"] == "Basic "
                + Data(":\(pat)".utf8).base64EncodedString())
    }

    @Test(arguments: [
        (TestHTTPServer.Behaviour.unauthorized, "HTTP 401"),
        (.forbidden, "HTTP 403"),
        (.signin, "HTTP 203"),
        (.anonymous, "anonymously"),
    ])
    func refusalsAreRejected(behaviour: TestHTTPServer.Behaviour, reason: String) async throws {
        let result = try await verify(server.organization(behaviour))
        guard case .rejected(let text) = result else {
            Issue.record("expected rejected, got \(result)")
            return
        }
        #expect(text.contains(reason))
    }

    @Test func anUnknownTokenIsRejected() async throws {
        let result = try await verify(
            server.organization(named: "contoso"), with: PersonalAccessToken("wrong"))
        #expect(result.label == "rejected")
    }

    @Test(arguments: [
        (TestHTTPServer.Behaviour.error, "HTTP 500", 500),
        (.garbage, "not Azure DevOps connection data", 200),
        (.wrongjson, "not Azure DevOps connection data", 200),
        (.notfound, "HTTP 404", 404),
        (.redirect, "redirected to https://example.invalid/elsewhere", 302),
        (.huge, "larger than", 200),
        (.endless, "larger than", 200),
    ])
    func oddAnswersAreUnexpected(behaviour: TestHTTPServer.Behaviour, reason: String, status: Int)
        async throws
    {
        let result = try await verify(server.organization(behaviour))
        guard case .unexpected(let text, let code) = result else {
            Issue.record("expected unexpected, got \(result)")
            return
        }
        #expect(text.contains(reason))
        #expect(code == status)
    }

    @Test func aRedirectIsNotFollowed() async throws {
        _ = try await verify(server.organization(.redirect))
        #expect(server.requests.count == 1)
    }

    @Test(arguments: [TestHTTPServer.Behaviour.hang, .drip, .slow])
    func theTimeoutBoundsTheWholeExchange(behaviour: TestHTTPServer.Behaviour) async throws {
        let short = HTTPTokenVerifier(timeout: .milliseconds(400))
        let result = try await verify(server.organization(behaviour), verifier: short)
        guard case .unreachable(let reason) = result else {
            Issue.record("expected unreachable, got \(result)")
            return
        }
        #expect(reason.hasPrefix("timed out"))
    }

    @Test func aResetConnectionIsUnreachable() async throws {
        let result = try await verify(server.organization(.reset))
        #expect(result.label == "unreachable")
    }

    @Test func aClosedPortIsUnreachable() async throws {
        let closed = try TestHTTPServer()
        let url = closed.organization(named: "gone")
        closed.stop()
        let result = try await verify(url)
        guard case .unreachable(let reason) = result else {
            Issue.record("expected unreachable, got \(result)")
            return
        }
        #expect(reason.hasPrefix("could not connect"))
    }

    @Test func anUnknownHostIsUnreachable() async throws {
        let result = try await verify(
            "https://no-such-host.invalid/org", verifier: HTTPTokenVerifier(timeout: .seconds(5)))
        #expect(result.label == "unreachable")
    }
}

@Suite struct ConnectionDataClassifierTests {
    func classify(_ status: Int, _ body: String, truncated: Bool = false) -> VerificationResult {
        ConnectionDataClassifier.classify(
            .init(status: status, body: Array(body.utf8), bodyTruncated: truncated, redirectLocation: nil),
            bodyLimit: 1024)
    }

    @Test func identityFallsBackToTheCustomNameAndKeepsTheId() {
        #expect(
            classify(200, #"{"authenticatedUser":{"id":"u1","customDisplayName":"Custom"}}"#)
                == .valid(Identity(displayName: "Custom", id: "u1")))
        #expect(
            classify(200, #"{"authenticatedUser":{"id":"u2"}}"#)
                == .valid(Identity(displayName: "", id: "u2")))
    }

    @Test func theAnonymousIdIsRejectedWhateverItsCase() {
        #expect(
            classify(200, #"{"authenticatedUser":{"id":"AAAAAAAA-AAAA-AAAA-AAAA-AAAAAAAAAAAA"}}"#).label
                == "rejected")
    }

    @Test(arguments: [
        "", "null", "[]", "{}", #"{"authenticatedUser":{}}"#, #"{"authenticatedUser":{"id":""}}"#,
        #"{"authenticatedUser":{"id":42}}"#, String(repeating: "[", count: 100_000),
    ])
    func malformedBodiesAreUnexpected(body: String) {
        #expect(classify(200, body).label == "unexpected")
    }
}
