import Foundation
import TestSupport
import Testing

@testable import CredentialCore

/// Issue 14.1: an organization's projects, every page, over a real HTTP server.
@Suite struct ProjectListTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func manager() -> AccountManager {
        let environment = Environment(["AZURE_DEVOPS_EXT_CONFIG_DIR": directory.path, "HOME": directory.path])
        return AccountManager(
            environment: environment,
            stores: [FileCredentialStore(directory: ConfigDirectory(environment: environment))],
            verifier: HTTPTokenVerifier())
    }

    @Test func readsEveryPageWithTheOrganizationsTokenAndSortsThem() async throws {
        let server = try TestHTTPServer(tokens: ["good-pat": "Ada"])
        let names = (0..<250).map { "Project \($0)" } + ["alpha", "Zulu", "Ümlaut \"quoted\""]
        server.serveProjects(names.shuffled(), of: "contoso", pageSize: 100)
        let organization = try OrganizationURL(server.organization(named: "contoso"))
        _ = try await manager().login(
            token: PersonalAccessToken("good-pat"), organization: organization, verify: false)

        let listed = try await manager().projects(of: organization)
        #expect(listed.count == names.count)
        #expect(listed.first == "alpha")
        #expect(listed.last == "Ümlaut \"quoted\"")
        #expect(Set(listed) == Set(names))
        let pages = server.requests.filter { $0.path.contains("/_apis/projects") }
        #expect(pages.count == 3)
        #expect(pages.allSatisfy { TestHTTPServer.basicToken($0.headers["authorization"]) == "good-pat" })
        #expect(pages[1].path.contains("continuationToken=100"))
    }

    @Test func aRefusedTokenIsOneClearLineWithoutTheToken() async throws {
        let server = try TestHTTPServer(tokens: ["good-pat": "Ada"])
        server.serveProjects(["Web"], of: "contoso")
        let organization = try OrganizationURL(server.organization(named: "contoso"))
        _ = try await manager().login(
            token: PersonalAccessToken("stale-pat"), organization: organization, verify: false)
        do {
            _ = try await manager().projects(of: organization)
            Issue.record("expected a failure")
        } catch {
            #expect(error.kind == .rejected)
            #expect(error.message.contains("refused the token"))
            #expect(!error.message.contains("stale-pat"))
        }
    }

    @Test func noTokenSaysSo() async throws {
        let organization = try OrganizationURL("https://dev.azure.com/nobody")
        await #expect(throws: CredentialError.self) { try await manager().projects(of: organization) }
    }

    @Test func anAnswerThatIsNotAProjectListIsAnError() async throws {
        let server = try TestHTTPServer(tokens: ["good-pat": "Ada"])
        let organization = try OrganizationURL(server.organization(named: "contoso"))
        _ = try await manager().login(
            token: PersonalAccessToken("good-pat"), organization: organization, verify: false)
        // No projects served: the server answers 404, as a server without the API would.
        do {
            _ = try await manager().projects(of: organization)
            Issue.record("expected a failure")
        } catch {
            #expect(error.message.contains("HTTP 404"))
        }
    }

    /// A server that ignores `$top` and keeps sending pages cannot grow the list without end.
    @Test func theProjectsOfAllPagesAreBounded() async throws {
        let server = try TestHTTPServer(tokens: ["good-pat": "Ada"])
        server.serveProjects((0..<250).map { "P\($0)" }, of: "contoso", pageSize: 100)
        let organization = try OrganizationURL(server.organization(named: "contoso"))
        _ = try await manager().login(
            token: PersonalAccessToken("good-pat"), organization: organization, verify: false)
        let list = ProjectList(pageSize: 10, maximumProjects: 150)
        await #expect(throws: CredentialError.self) {
            try await manager().projects(of: organization, list: list)
        }
        #expect(server.requests.filter { $0.path.contains("/_apis/projects") }.count == 2)
    }

    @Test func queryEncodingKeepsOnlyUnreserved() {
        #expect(ProjectList.queryEncoded("a b&c=d/é") == "a%20b%26c%3Dd%2F%C3%A9")
    }
}
