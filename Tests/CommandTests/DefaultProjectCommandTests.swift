import CredentialCore
import Foundation
import TestSupport
import Testing

/// Issue 14.2 on the command line: `use ORG --project P` sets both in one change, a switch
/// restores or clears the project and says so, `configure` follows the same rule.
@Suite struct DefaultProjectCommandTests {
    let cli: CLI

    init() throws {
        cli = try CLI()
    }

    @Test func useWithAProjectSetsBothAndASwitchSaysWhatBecameOfIt() async throws {
        try await cli.run("login", "--org", "contoso", "--skip-verify", input: "pat\n")
        try await cli.run("login", "--org", "fabrikam", "--skip-verify", input: "pat\n")
        let set = try await cli.run("use", "contoso", "--project", "Web")
        #expect(set.status == 0)
        #expect(set.errorLines.contains("Default project: Web."))
        #expect(
            FileSnapshot.text(cli.configFile)
                == "[defaults]\norganization = https://dev.azure.com/contoso\nproject = Web\n\n")

        let away = try await cli.run("use", "fabrikam")
        #expect(
            away.errorLines.contains(
                "Default project cleared (was Web): none is remembered for this organization; set one with --project."
            ))
        #expect(FileSnapshot.text(cli.configFile)?.contains("project = Web") == false)

        let back = try await cli.run("use", "-")
        #expect(back.errorLines.contains("Default project: Web (the last one used with this organization)."))
        let list = try await cli.run("configure", "--list")
        #expect(list.output.contains("project = Web"))
        #expect(
            FileSnapshot.text(cli.configDirectory + "/ado-accounts.state")?.contains("project = Web") == true)
    }

    @Test func configureSwitchingTheOrganizationSaysWhatBecameOfTheProject() async throws {
        try await cli.run(
            "configure", "--defaults", "organization=https://dev.azure.com/contoso", "project=Web")
        let away = try await cli.run("configure", "--defaults", "organization=https://dev.azure.com/fabrikam")
        #expect(away.status == 0)
        #expect(away.errorLines.contains { $0.hasPrefix("Default project cleared (was Web)") })
    }

    @Test(arguments: [["use", "--project", "Web"], ["use", "-", "--project", "Web"]])
    func projectNeedsAnOrganization(arguments: [String]) async throws {
        let result = try await cli.run(arguments, input: nil)
        #expect(result.status == 2)
        #expect(result.errorLines.joined().contains("--project needs an organization"))
    }
}
