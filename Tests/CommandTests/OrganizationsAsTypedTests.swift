import Foundation
import TestSupport
import Testing

/// Organizations as people type them: a pasted project or repository address, a short name of
/// a stored organization, and the shell's completions.
@Suite struct OrganizationsAsTypedTests {
    let cli: CLI

    init() throws {
        cli = try CLI()
    }

    static let pasted = "https://dev.azure.com/contoso/Web/_git/site"

    func configValue() -> String? {
        FileSnapshot.text(cli.configFile)?.split(separator: "\n").first { $0.hasPrefix("organization = ") }
            .map { String($0.dropFirst("organization = ".count)) }
    }

    @Test func aPastedAddressMeansItsOrganizationEverywhere() async throws {
        let login = try await cli.run("login", "--org", Self.pasted, "--skip-verify", input: "pat-contoso\n")
        #expect(login.status == 0)
        #expect(configValue() == "https://dev.azure.com/contoso", "the default is the organization")
        #expect(FileSnapshot.text(cli.indexFile) == "azdevops-cli:https://dev.azure.com/contoso\n")
        #expect(try await cli.run("token", "--org", Self.pasted).standardOutput == "pat-contoso\n")
        #expect(
            try await cli.run("use", "https://fabrikam.visualstudio.com/DefaultCollection/Web").status == 0)
        #expect(configValue() == "https://fabrikam.visualstudio.com")
        #expect(
            try await cli.run(
                "configure", "--defaults", "organization=git@ssh.dev.azure.com:v3/contoso/Web/site"
            )
            .status == 0)
        #expect(configValue() == "https://dev.azure.com/contoso")
        #expect(try await cli.run("logout", "--org", Self.pasted).status == 0)
        #expect(try await cli.run("list").standardOutput.isEmpty)
    }

    /// A default written by az (or an older ado-accounts) as a repository address: doctor says
    /// so and repairs it.
    @Test func doctorFindsAndFixesADefaultWrittenAsAnAddress() async throws {
        try await cli.run("login", "--org", "contoso", "--skip-verify", input: "pat-contoso\n")
        try FileSnapshot.write("[defaults]\norganization = \(Self.pasted)\n\n", to: cli.configFile)
        let report = try await cli.run("doctor")
        #expect(report.status == 1)
        #expect(
            report.errorLines.contains(
                "ado-accounts: warning: The default organization is written as a project or repository address (\(Self.pasted)); az devops needs the organization's URL, https://dev.azure.com/contoso. ('doctor --fix' repairs this)"
            ))
        #expect(try await cli.run("list").standardOutput.contains("* https://dev.azure.com/contoso"))
        let fixed = try await cli.run("doctor", "--fix")
        #expect(fixed.status == 0)
        #expect(configValue() == "https://dev.azure.com/contoso")
        #expect(
            try await cli.run("use").standardOutput == "Default organization: https://dev.azure.com/contoso\n"
        )
    }

    @Test func useTakesAShortNameOfAStoredOrganization() async throws {
        for name in ["fabrikam", "fabric", "contoso"] {
            try await cli.run("login", "--org", name, "--skip-verify", input: "pat-\(name)\n")
        }
        #expect(try await cli.run("use", "fabrik").status == 0)
        #expect(configValue() == "https://dev.azure.com/fabrikam")
        #expect(try await cli.run("use", "TOSO").status == 0, "any part, whatever the case")
        #expect(configValue() == "https://dev.azure.com/contoso")
        let ambiguous = try await cli.run("use", "fab")
        #expect(ambiguous.status == 2)
        #expect(
            ambiguous.errorLines == [
                "ado-accounts: 'fab' matches 2 stored organizations: https://dev.azure.com/fabric, https://dev.azure.com/fabrikam; type more of the name."
            ])
        #expect(configValue() == "https://dev.azure.com/contoso", "nothing changed")
        #expect(try await cli.run("use", "fabric").status == 0, "a whole name is that organization")
        #expect(configValue() == "https://dev.azure.com/fabric")
        let unknown = try await cli.run("use", "northwind")
        #expect(unknown.status == 0)
        #expect(configValue() == "https://dev.azure.com/northwind")
    }

    @Test func useAlonePrintsTheDefaultAndThePreviousOne() async throws {
        let none = try await cli.run("use")
        #expect(none.status == 1)
        #expect(
            none.errorLines == [
                "ado-accounts: No default organization is set; set one with 'ado-accounts use ORGANIZATION'."
            ])
        try await cli.run("use", "contoso")
        try await cli.run("use", "https://dev.azure.com/fabrikam")
        let both = try await cli.run("use")
        #expect(both.status == 0)
        #expect(
            both.standardOutput == """
                Default organization: https://dev.azure.com/fabrikam
                Previous: https://dev.azure.com/contoso ('ado-accounts use -' switches back)

                """)
    }

    @Test func tokenSuggestsTheStoredOrganizationANameMeant() async throws {
        try await cli.run(
            "login", "--org", "https://fabrikam.visualstudio.com", "--skip-verify", input: "pat-legacy\n")
        let missing = try await cli.run("token", "--organization", "fabrikam")
        #expect(missing.status == 1)
        #expect(
            missing.errorLines == [
                "ado-accounts: No token for https://dev.azure.com/fabrikam and no default credential; a token is stored for https://fabrikam.visualstudio.com; give --organization https://fabrikam.visualstudio.com."
            ])
        try await cli.run("login", input: "pat-default\n")
        let fallback = try await cli.run("token", "--organization", "fabrikam")
        #expect(fallback.standardOutput == "pat-default\n")
        #expect(
            fallback.errorLines == [
                "ado-accounts: warning: https://dev.azure.com/fabrikam has no token of its own, so the default credential is used; a token is stored for https://fabrikam.visualstudio.com."
            ])
    }
}
