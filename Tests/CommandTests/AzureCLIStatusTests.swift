import Foundation
import TestSupport
import Testing

/// `status` and `az-logout` with a scripted `az` on PATH and a real HTTP server, in-process.
@Suite struct AzureCLIStatusTests {
    let cli: CLI
    let az: ScriptedAzureCLI
    let server: TestHTTPServer
    let jane = ScriptedAzureCLI.Account(
        user: "jane@contoso.com", tenant: "72f988bf-0000-0000-0000-000000000001")
    let bob = ScriptedAzureCLI.Account(
        user: "bob@fabrikam.com", tenant: "a1b2c3d4-0000-0000-0000-000000000002", subscription: "Dev",
        isDefault: false)

    init() throws {
        az = try ScriptedAzureCLI()
        cli = try CLI()
        cli.environment["PATH"] = az.binDirectory + ":" + inheritedPath
        cli.environment["AZURE_CONFIG_DIR"] = az.configDirectory
        server = try TestHTTPServer(tokens: [
            "pat-contoso": "Jane (PAT)", "aad-jane": "Jane Doe", "aad-bob": "Bob Roe",
        ])
    }

    var contoso: String { server.organization(named: "contoso") }

    @Test func signedOutThePATApplies() async throws {
        try await cli.run("login", "--org", contoso, input: "pat-contoso\n")
        let status = try await cli.run("status")
        #expect(status.status == 0)
        #expect(
            status.standardOutput == """
                Azure CLI: not signed in

                \(contoso)
                  1  own PAT (file)  applies

                """)
    }

    @Test func withoutAzTheStatusSaysItIsNotInstalled() async throws {
        cli.environment["PATH"] = "/usr/bin:/bin"
        try await cli.run("login", input: "pat\n")
        try await cli.run("use", "contoso")
        #expect(try await cli.run("status").standardOutput.hasPrefix("Azure CLI: not installed\n"))
        let login = try await cli.run("az-login")
        #expect(login.status == 1)
        #expect(login.errorLines.count == 1)
        #expect(
            login.standardError.contains(
                "The Azure CLI (az) is not installed. Install the Azure CLI: https://learn.microsoft.com/cli/azure/install-azure-cli-linux"
            ))
    }

    @Test func aSignInIsTriedBeforeTheStoredPAT() async throws {
        try await cli.run("login", "--org", contoso, input: "pat-contoso\n")
        try await cli.run("login", input: "pat-default\n")
        try az.signIn([jane])
        let status = try await cli.run("status")
        #expect(
            status.standardOutput == """
                Azure CLI: signed in as jane@contoso.com

                \(contoso)
                  1  Azure CLI: jane@contoso.com (tenant 72f988bf)  tried first: used if the organization accepts it (check with --check)
                  2  own PAT (file)                                 applies if the Azure CLI token is refused
                  3  default credential (file)                      shadowed

                """)
        #expect(az.calls.isEmpty, "status without --check runs nothing")
        #expect(
            try await cli.run("list").standardOutput.contains(
                "Azure CLI: signed in as jane@contoso.com; az devops tries it before these tokens"))
    }

    @Test func checkFetchesAndVerifiesTheAzureToken() async throws {
        try await cli.run("login", "--org", contoso, input: "pat-contoso\n")
        try az.signIn([jane])
        try az.token("aad-jane", forTenant: jane.tenant)
        let status = try await cli.run(
            ["status", "--check"], input: nil, environment: ["AZURE_DEVOPS_EXT_PAT": "must-not-leak"])
        #expect(status.status == 0)
        #expect(
            status.standardOutput.contains(
                "1  Azure CLI: jane@contoso.com (tenant 72f988bf)  applies, signs in as Jane Doe"))
        #expect(status.standardOutput.contains("2  AZURE_DEVOPS_EXT_PAT"))
        #expect(status.standardOutput.contains("shadowed"))
        #expect(!status.output.contains("aad-jane"), "the Azure CLI token is never printed")
        let call = try #require(az.calls.first)
        #expect(
            call.hasPrefix(
                "account get-access-token --resource 499b84ac-1321-427f-aa17-267ca6975798 --output json --tenant \(jane.tenant)\n"
            ))
        #expect(!call.contains("AZURE_DEVOPS_EXT_PAT"), "no PAT variable reaches az's environment")
        #expect(
            server.requests.last?.headers["authorization"] == "Basic "
                + Data(":aad-jane".utf8).base64EncodedString())
    }

    @Test func eachTenantsTokenIsFetchedOnceForAllOrganizations() async throws {
        let fabrikam = server.organization(named: "fabrikam")
        try await cli.run("login", "--org", contoso, input: "pat-contoso\n")
        try await cli.run("login", "--org", fabrikam, "--skip-verify", input: "pat-fabrikam\n")
        try az.signIn([jane])
        try az.token("aad-jane", forTenant: jane.tenant)
        let before = server.requests.count
        let status = try await cli.run("status", "--check")
        #expect(status.status == 0)
        #expect(az.calls.filter { $0.hasPrefix("account get-access-token") }.count == 1)
        let checks = server.requests.dropFirst(before).filter { $0.path.hasSuffix("/_apis/connectionData") }
        #expect(Set(checks.map(\.path)).count == 2, "the token is checked against each organization")
        #expect(status.standardOutput.contains("/contoso\n") && status.standardOutput.contains("/fabrikam\n"))
    }

    @Test func aRefusedAzureTokenLetsThePATApply() async throws {
        try await cli.run("login", "--org", contoso, input: "pat-contoso\n")
        try az.signIn([jane, bob])
        try az.token("not-accepted", forTenant: jane.tenant)
        let status = try await cli.run("status", "--check", "--json")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        let azure = try #require(json["azureCLI"] as? [String: Any])
        #expect(azure["signedIn"] as? Bool == true)
        #expect((azure["accounts"] as? [[String: Any]])?.count == 2)
        let organization = try #require((json["organizations"] as? [[String: Any]])?.first)
        #expect(organization["applies"] as? String == "organization")
        let chain = try #require(organization["chain"] as? [[String: Any]])
        #expect(chain.map { $0["credential"] as? String } == ["azureCLI", "azureCLI", "organization"])
        #expect(chain.map { $0["standing"] as? String } == ["refused", "refused", "applies"])
        #expect((chain[0]["reason"] as? String)?.contains("HTTP 401") == true)
        #expect(
            (chain[1]["reason"] as? String)?.contains("AADSTS70043") == true,
            "bob's token could not be fetched")
    }

    @Test func withSeveralTenantsTheFirstThatWorksApplies() async throws {
        try az.signIn([jane, bob])
        try az.token("not-accepted", forTenant: jane.tenant)
        try az.token("aad-bob", forTenant: bob.tenant)
        let status = try await cli.run("status", "--org", contoso, "--check")
        #expect(status.standardOutput.contains("Azure CLI: signed in as jane@contoso.com (2 tenants)"))
        #expect(status.standardOutput.contains("refused (HTTP 401: the token was not accepted); az moves on"))
        #expect(
            status.standardOutput.contains(
                "Azure CLI: bob@fabrikam.com (tenant a1b2c3d4)  applies, signs in as Bob Roe"))
    }

    @Test func aLoneSignInWithNoPATAppliesWithoutACheck() async throws {
        try az.signIn([jane])
        let status = try await cli.run("status", "--org", contoso)
        #expect(status.standardOutput.contains("1  Azure CLI: jane@contoso.com (tenant 72f988bf)  applies"))
    }

    @Test func aMalformedProfileMeansSignedOut() async throws {
        try await cli.run("login", "--org", contoso, input: "pat-contoso\n")
        try az.writeProfile("\u{FEFF}{ this is not json")
        let status = try await cli.run("status")
        #expect(status.status == 0)
        #expect(status.standardOutput.hasPrefix("Azure CLI: not signed in\n"))
        #expect(
            status.errorLines.contains {
                $0.contains("is not a valid Azure CLI profile; treating the Azure CLI as signed out.")
            })
    }

    @Test func noCredentialAtAllIsExitOne() async throws {
        let status = try await cli.run("status", "--org", "contoso")
        #expect(status.status == 1)
        #expect(
            status.standardOutput.contains(
                "no credential: run 'ado-accounts login --organization https://dev.azure.com/contoso' or 'ado-accounts az-login'"
            ))
    }
}
