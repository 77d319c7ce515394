import Foundation
import TestSupport
import Testing

/// verify, status, login and doctor on an expired token and on tokens near their expiry, and
/// list showing what is remembered; in-process, against a real server on 127.0.0.1 and a
/// scripted az.
@Suite struct ExpiryCommandTests {
    let cli: CLI
    let az: ScriptedAzureCLI
    let server: TestHTTPServer
    let jane = ScriptedAzureCLI.Account(
        user: "jane@contoso.com", tenant: "72f988bf-0000-0000-0000-000000000001")

    init() throws {
        az = try ScriptedAzureCLI()
        cli = try CLI()
        cli.environment["PATH"] = az.binDirectory + ":" + inheritedPath
        cli.environment["AZURE_CONFIG_DIR"] = az.configDirectory
        server = try TestHTTPServer(tokens: ["pat-contoso": "Jane Doe"])
    }

    var contoso: String { server.organization(named: "contoso") }
    /// Under AZURE_CONFIG_DIR, as az devops finds its directory.
    var stateFile: String { az.configDirectory + "/azuredevops/ado-accounts.state" }

    func loginExpired() async throws {
        try await cli.run("login", "--org", contoso, "--skip-verify", input: "old-pat\n")
        server.expire(token: "old-pat")
    }

    @Test func verifySaysExpiredWithWhatToDo() async throws {
        try await loginExpired()
        let verify = try await cli.run("verify", "--org", contoso)
        #expect(verify.status == 3)
        #expect(verify.standardOutput.contains("expired"))
        #expect(verify.standardOutput.contains("Access Denied: The Personal Access Token used has expired."))
        #expect(
            verify.standardError.contains(
                "the token has expired. Create a new token in Azure DevOps and paste a new one with 'ado-accounts login --organization \(contoso)'."
            ))
        // Signed in to the Azure CLI, the service can renew it.
        try az.signIn([jane])
        let json = try await cli.run("verify", "--org", contoso, "--json")
        #expect(json.status == 3)
        let row = try #require(
            (try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])?[
                "results"]
                as? [[String: Any]]
        ).first
        #expect(row?["result"] as? String == "expired")
        #expect(
            row?["advice"] as? String
                == "Renew it with 'ado-accounts pat renew --organization \(contoso)' (or replace it with 'ado-accounts pat rotate --organization \(contoso)'), or paste a new one with 'ado-accounts login --organization \(contoso)'."
        )
        #expect(FileSnapshot.text(stateFile)?.contains("outcome = expired") == true)
    }

    @Test func statusCheckSaysExpiredAndRemembersIt() async throws {
        try await loginExpired()
        let status = try await cli.run("status", "--check")
        #expect(
            status.standardOutput.contains(
                "own PAT (file)  applies; expired: HTTP 401: Access Denied: The Personal Access Token used has expired."
            ), "\(status.output)")
        let state = try #require(FileSnapshot.text(stateFile))
        #expect(state.contains("checked = 2026-12-06T22:00:00Z\noutcome = expired"), "\(state)")
    }

    @Test func loginOfAnExpiredTokenSaysExpired() async throws {
        server.expire(token: "old-pat")
        let login = try await cli.run("login", "--org", contoso, input: "old-pat\n")
        #expect(login.status == 3)
        #expect(
            login.errorLines == [
                "ado-accounts: \(contoso) refused the token: it has expired (HTTP 401: Access Denied: The Personal Access Token used has expired.). Nothing was stored. Create a new token in Azure DevOps and paste a new one with 'ado-accounts login --organization \(contoso)'."
            ], "\(login.output)")
    }

    @Test func aLoginRemembersWhoTheTokenSignsInAs() async throws {
        server.accept(token: "pat-mail", as: "Ada Lovelace", email: "ada@contoso.example")
        try await cli.run("login", "--org", contoso, input: "pat-mail\n")
        let list = try await cli.run(
            ["list", "--json"], input: nil, environment: ["ADO_ACCOUNTS_NOW": "2026-12-07T01:30:00Z"])
        let json = try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [String: Any]
        let account = try #require((json?["accounts"] as? [[String: Any]])?.first)
        let remembered = try #require(account["remembered"] as? [String: Any])
        #expect(remembered["displayName"] as? String == "Ada Lovelace")
        #expect(remembered["email"] as? String == "ada@contoso.example")
        #expect(remembered["storedAt"] as? String == "2026-12-06T22:00:00Z")
        #expect(remembered["checkedAt"] as? String == "2026-12-06T22:00:00Z")
        #expect(remembered["lastCheck"] as? String == "valid")
        let text = try await cli.run(
            ["list"], input: nil, environment: ["ADO_ACCOUNTS_NOW": "2026-12-07T01:30:00Z"])
        #expect(text.standardOutput.contains("Ada Lovelace  valid, 3 h ago  -"), "\(text.standardOutput)")
    }

    /// A state file as the PAT lifecycle API leaves it, with the token's expiry.
    func remember(expires: String) async throws {
        try await cli.run("login", "--org", contoso, "--skip-verify", input: "pat-contoso\n")
        try FileSnapshot.write(
            """
            [credential azdevops-cli:\(contoso)]
            stored = 2026-12-01T00:00:00Z
            authorization = 6f1c
            expires = \(expires)

            """, to: stateFile)
    }

    @Test(arguments: [
        ("2026-12-12T23:00:00Z", "expires in 6 days (2026-12-12)"),
        ("2026-12-13T23:00:00Z", "expires in 7 days (2026-12-13)"),
        ("2026-12-14T23:00:00Z", nil),
        ("2026-12-05T00:00:00Z", "expired on 2026-12-05"),
    ])
    func statusAndDoctorWarnAtSevenDays(expires: String, warning: String?) async throws {
        try await remember(expires: expires)
        for command in [["status"], ["doctor"]] {
            let result = try await cli.run(command, input: nil)
            let line = result.errorLines.first { $0.contains("The token for \(contoso)") }
            if let warning {
                #expect(
                    line?.hasPrefix("ado-accounts: warning: The token for \(contoso) \(warning). ") == true,
                    "\(command): \(result.output)")
            } else {
                #expect(line == nil, "\(command): \(result.output)")
            }
        }
        let list = try await cli.run("list", "--json")
        let json = try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [String: Any]
        let remembered = (json?["accounts"] as? [[String: Any]])?.first?["remembered"] as? [String: Any]
        #expect(remembered?["expires"] as? String == expires)
    }

    @Test func theThresholdIsConfigurable() async throws {
        try await remember(expires: "2026-12-16T23:00:00Z")  // 10 days left
        #expect(!(try await cli.run("status").standardError.contains("expires in 10 days")))
        #expect(try await cli.run("status", "--warn-days", "10").standardError.contains("expires in 10 days"))
        let doctor = try await cli.run(
            ["doctor"], input: nil, environment: ["ADO_ACCOUNTS_EXPIRY_WARNING_DAYS": "12"])
        #expect(doctor.standardError.contains("expires in 10 days"))
        let bad = try await cli.run(
            ["status"], input: nil, environment: ["ADO_ACCOUNTS_EXPIRY_WARNING_DAYS": "soon"])
        #expect(bad.status == 2)
        #expect(bad.errorLines.count == 1)
    }

    @Test func listShowsDaysLeft() async throws {
        try await remember(expires: "2026-12-18T23:00:00Z")
        let list = try await cli.run("list")
        #expect(list.standardOutput.contains("-         -           in 12 d"), "\(list.standardOutput)")
        let json = try JSONSerialization.jsonObject(
            with: Data(try await cli.run("list", "--json").standardOutput.utf8))
        let remembered =
            ((json as? [String: Any])?["accounts"] as? [[String: Any]])?.first?["remembered"]
            as? [String: Any]
        #expect(remembered?["daysLeft"] as? Int == 12)
        #expect(remembered?["expired"] as? Bool == false)
        #expect(remembered?["authorizationId"] as? String == "6f1c")
    }
}
