import Foundation
import TestSupport
import Testing

/// `az-login`, which runs az in the foreground on the process's own descriptors: az's output
/// reaches the user without passing through ado-accounts, so only the real binary shows it.
@Suite struct AzureCLIForegroundTests {
    let cli: CLI
    let az: ScriptedAzureCLI
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
    }

    @Test func azLoginRunsAzInTheForegroundThenReportsTheAccount() throws {
        try az.onLogin([jane, bob])
        let login = try cli.run(
            ["az-login", "--", "--use-device-code"], input: nil,
            environment: ["AZURE_DEVOPS_CLI_PAT": "must-not-leak"])
        #expect(login.status == 0)
        #expect(login.standardOutput.contains("enter the code FAKE-CODE"), "az's own output reaches the user")
        #expect(
            login.errorLines == [
                "Azure CLI: signed in as jane@contoso.com (2 tenants).",
                "az devops now tries this sign-in before stored PATs; see 'ado-accounts status'.",
            ])
        let call = try #require(az.calls.first)
        #expect(call.hasPrefix("login --use-device-code\n"))
        #expect(!call.contains("must-not-leak"))

        let logout = try cli.run("az-logout")
        #expect(logout.status == 0)
        #expect(logout.errorLines == ["Azure CLI: signed out; stored PATs apply again."])
        #expect(
            try cli.run("status", "--org", "contoso").standardOutput.hasPrefix("Azure CLI: not signed in"))
        let again = try cli.run("az-logout")
        #expect(again.status == 1)
        #expect(again.errorLines == ["ado-accounts: The Azure CLI is not signed in."])
    }

    @Test func aFailedAzLoginIsReported() throws {
        let login = try cli.run("az-login")
        #expect(login.status == 4)
        #expect(login.standardError.contains("ERROR: login failed"))
        #expect(login.errorLines.last == "ado-accounts: az login exited with status 1.")
    }
}
