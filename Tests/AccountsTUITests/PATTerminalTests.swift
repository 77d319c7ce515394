import Foundation
import TestSupport
import Testing

/// `n` and `X` in the built binary, in a real terminal (tmux), against a local PAT lifecycle
/// service on 127.0.0.1 and a scripted az that hands out the Entra token.
@Suite("The PAT lifecycle keys, in a real terminal", .serialized)
struct PATTerminalTests {
    static let jane = ScriptedAzureCLI.Account(
        user: "jane@contoso.com", tenant: "72f988bf-0000-0000-0000-000000000001")
    static let entra = "entraTokenOfJaneMustNotShow"

    @Test func nCreatesAndStoresAPATAndXRevokesItOnceConfirmed() throws {
        let service = try LocalPATService()
        let az = try ScriptedAzureCLI()
        try az.signIn([Self.jane])
        try az.token(Self.entra, forTenant: Self.jane.tenant)
        service.acceptBearer(Self.entra)
        let fixture = try TerminalFixture()
        fixture.environment["PATH"] = az.binDirectory + ":" + inheritedPath
        fixture.environment["AZURE_CONFIG_DIR"] = az.configDirectory
        fixture.environment["ADO_ACCOUNTS_NOW"] = "2026-12-06T22:00:00Z"
        var plain: [String: String] = [:]
        for (name, value) in fixture.environment { if let value { plain[name] = value } }

        // A token pasted from the web page, which nobody linked: n replaces it.
        let organization = service.organization("contoso")
        let pasted = service.addPAT(name: "from the web")
        let login = try ChildProcess.run(
            [adoAccountsBinary, "login", "--org", organization, "--skip-verify"], environment: plain,
            standardInput: pasted.token + "\n")
        #expect(login.status == 0, "\(login.output)")

        let session = try fixture.start(width: 200, height: 24)
        defer { session.close() }
        try session.waitFor { $0.contains("n new PAT") && !$0.contains("X revoke") }

        try session.send("n")
        let name = "ado-accounts organization 2026-12-06"
        try session.waitFor("Created '\(name)' for \(organization), valid until 2027-01-05, and stored it")
        let created = try #require(service.entry(named: name))
        let state = FileSnapshot.text(fixture.configDirectory + "/ado-accounts.state") ?? ""
        #expect(state.contains("authorization = \(created.authorizationID)"))
        #expect(FileSnapshot.text(fixture.tokenFile)?.contains(created.token) == true)
        let verify = try ChildProcess.run(
            [adoAccountsBinary, "verify", "--org", organization], environment: plain)
        #expect(verify.status == 0, "the stored token works: \(verify.output)")
        #expect(!verify.output.contains(created.token))

        try session.waitFor("X revoke")
        try session.send("X")
        try session.waitFor {
            $0.contains("Revoke the PAT of \(organization)?")
                && $0.contains("'\(name)', valid until 2027-01-05") && $0.contains("y revoke")
        }
        #expect(service.isLive(created.token), "nothing is revoked before the answer")
        try session.send("y")
        try session.waitFor("Revoked '\(name)' and removed it here.")
        #expect(!service.isLive(created.token))
        #expect(FileSnapshot.text(fixture.tokenFile)?.contains(created.token) != true)

        try session.send("q")
        #expect(try session.waitForExit() == 0)
        for screen in session.seen + [try session.history()] {
            for secret in [pasted.token, created.token, Self.entra] {
                #expect(!screen.contains(secret), "a token reached the terminal")
            }
        }
    }
}
