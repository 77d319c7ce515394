import Foundation
import TestSupport
import Testing

/// The binary: an expired token is told apart from a rejected one, `verify --all` remembers the
/// whole batch in one change, and `list` shows what was remembered, with its age, without
/// contacting anything.
@Suite struct RememberedChecksTests {
    let cli: CLI
    let server: TestHTTPServer

    init() throws {
        cli = try CLI()
        server = try TestHTTPServer()
    }

    @Test func verifyAllSaysExpiredRemembersOnceAndListShowsIt() throws {
        server.accept(token: "pat-alpha", as: "Ada Lovelace", email: "ada@alpha.example")
        server.expire(token: "pat-beta")
        for name in ["alpha", "beta", "gamma"] {
            try cli.run(
                "login", "--org", server.organization(named: name), "--skip-verify", input: "pat-\(name)\n")
        }
        let trace = cli.root.appending("trace")
        let verify = try cli.run(
            ["verify", "--all"], input: nil, environment: ["ADO_ACCOUNTS_CRASH_TRACE": trace])
        #expect(verify.status == 3, "\(verify.output)")
        #expect(verify.standardOutput.contains("\(server.baseURL)/beta"))
        let betaLine = verify.standardOutput.split(separator: "\n").first { $0.contains("/beta") } ?? ""
        #expect(betaLine.contains("expired"), "\(betaLine)")
        #expect(betaLine.contains("Personal Access Token used has expired"), "\(betaLine)")
        #expect(
            verify.standardError.contains(
                "the token has expired. Create a new token in Azure DevOps and paste a new one with 'ado-accounts login --organization \(server.baseURL)/beta'."
            ), "\(verify.standardError)")
        let steps = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
        #expect(steps.filter { $0 == "transaction.locked" }.count == 1, "one change for the batch: \(steps)")

        // Two hours later, nothing contacted: the server sees no request.
        let requests = server.requests.count
        let list = try cli.run(
            ["list"], input: nil, environment: ["ADO_ACCOUNTS_NOW": "2026-12-07T00:00:00Z"])
        #expect(list.status == 0)
        #expect(server.requests.count == requests)
        let lines = list.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("IDENTITY") == true && lines.first?.contains("LAST CHECK") == true)
        let alpha = lines.first { $0.contains("/alpha") } ?? ""
        #expect(alpha.contains("Ada Lovelace") && alpha.contains("valid, 2 h ago"), "\(alpha)")
        #expect((lines.first { $0.contains("/beta") } ?? "").contains("expired, 2 h ago"))
        #expect((lines.first { $0.contains("/gamma") } ?? "").contains("rejected, 2 h ago"))
    }

    @Test func loginOfAnExpiredTokenSaysSoAndStoresNothing() throws {
        server.expire(token: "old-pat")
        let before = cli.files
        let login = try cli.run("login", "--org", server.organization(named: "contoso"), input: "old-pat\n")
        #expect(login.status == 3)
        #expect(login.errorLines.count == 1, "\(login.output)")
        #expect(login.standardError.contains("refused the token: it has expired"))
        #expect(cli.files == before)
    }
}
