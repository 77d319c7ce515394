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

    @Test func aPastedAddressMeansItsOrganizationEverywhere() throws {
        let login = try cli.run("login", "--org", Self.pasted, "--skip-verify", input: "pat-contoso\n")
        #expect(login.status == 0)
        #expect(configValue() == "https://dev.azure.com/contoso", "the default is the organization")
        #expect(FileSnapshot.text(cli.indexFile) == "azdevops-cli:https://dev.azure.com/contoso\n")
        #expect(try cli.run("token", "--org", Self.pasted).standardOutput == "pat-contoso\n")
        #expect(try cli.run("use", "https://fabrikam.visualstudio.com/DefaultCollection/Web").status == 0)
        #expect(configValue() == "https://fabrikam.visualstudio.com")
        #expect(
            try cli.run("configure", "--defaults", "organization=git@ssh.dev.azure.com:v3/contoso/Web/site")
                .status == 0)
        #expect(configValue() == "https://dev.azure.com/contoso")
        #expect(try cli.run("logout", "--org", Self.pasted).status == 0)
        #expect(try cli.run("list").standardOutput.isEmpty)
    }

    /// A default written by az (or an older ado-accounts) as a repository address: doctor says
    /// so and repairs it.
    @Test func doctorFindsAndFixesADefaultWrittenAsAnAddress() throws {
        try cli.run("login", "--org", "contoso", "--skip-verify", input: "pat-contoso\n")
        try FileSnapshot.write("[defaults]\norganization = \(Self.pasted)\n\n", to: cli.configFile)
        let report = try cli.run("doctor")
        #expect(report.status == 1)
        #expect(
            report.errorLines.contains(
                "ado-accounts: warning: The default organization is written as a project or repository address (\(Self.pasted)); az devops needs the organization's URL, https://dev.azure.com/contoso. ('doctor --fix' repairs this)"
            ))
        #expect(try cli.run("list").standardOutput.contains("* https://dev.azure.com/contoso"))
        let fixed = try cli.run("doctor", "--fix")
        #expect(fixed.status == 0)
        #expect(configValue() == "https://dev.azure.com/contoso")
        #expect(try cli.run("use").standardOutput == "Default organization: https://dev.azure.com/contoso\n")
    }

    @Test func useTakesAShortNameOfAStoredOrganization() throws {
        for name in ["fabrikam", "fabric", "contoso"] {
            try cli.run("login", "--org", name, "--skip-verify", input: "pat-\(name)\n")
        }
        #expect(try cli.run("use", "fabrik").status == 0)
        #expect(configValue() == "https://dev.azure.com/fabrikam")
        #expect(try cli.run("use", "TOSO").status == 0, "any part, whatever the case")
        #expect(configValue() == "https://dev.azure.com/contoso")
        let ambiguous = try cli.run("use", "fab")
        #expect(ambiguous.status == 2)
        #expect(
            ambiguous.errorLines == [
                "ado-accounts: 'fab' matches 2 stored organizations: https://dev.azure.com/fabric, https://dev.azure.com/fabrikam; type more of the name."
            ])
        #expect(configValue() == "https://dev.azure.com/contoso", "nothing changed")
        #expect(try cli.run("use", "fabric").status == 0, "a whole name is that organization")
        #expect(configValue() == "https://dev.azure.com/fabric")
        let unknown = try cli.run("use", "northwind")
        #expect(unknown.status == 0)
        #expect(configValue() == "https://dev.azure.com/northwind")
    }

    @Test func useAlonePrintsTheDefaultAndThePreviousOne() throws {
        let none = try cli.run("use")
        #expect(none.status == 1)
        #expect(
            none.errorLines == [
                "ado-accounts: No default organization is set; set one with 'ado-accounts use ORGANIZATION'."
            ])
        try cli.run("use", "contoso")
        try cli.run("use", "https://dev.azure.com/fabrikam")
        let both = try cli.run("use")
        #expect(both.status == 0)
        #expect(
            both.standardOutput == """
                Default organization: https://dev.azure.com/fabrikam
                Previous: https://dev.azure.com/contoso ('ado-accounts use -' switches back)

                """)
    }

    @Test func tokenSuggestsTheStoredOrganizationANameMeant() throws {
        try cli.run(
            "login", "--org", "https://fabrikam.visualstudio.com", "--skip-verify", input: "pat-legacy\n")
        let missing = try cli.run("token", "--organization", "fabrikam")
        #expect(missing.status == 1)
        #expect(
            missing.errorLines == [
                "ado-accounts: No token for https://dev.azure.com/fabrikam and no default credential; a token is stored for https://fabrikam.visualstudio.com; give --organization https://fabrikam.visualstudio.com."
            ])
        try cli.run("login", input: "pat-default\n")
        let fallback = try cli.run("token", "--organization", "fabrikam")
        #expect(fallback.standardOutput == "pat-default\n")
        #expect(
            fallback.errorLines == [
                "ado-accounts: warning: https://dev.azure.com/fabrikam has no token of its own, so the default credential is used; a token is stored for https://fabrikam.visualstudio.com."
            ])
    }

    @Test func completionsOfferTheStoredOrganizations() throws {
        try cli.run("login", "--org", "fabrikam", "--skip-verify", input: "p\n")
        try cli.run("login", "--org", "https://tfs.example.com/tfs", "--skip-verify", input: "p\n")
        for request in [
            ["use", "--", "positional@0", "2", "0", "ado-accounts", "use", ""],
            ["logout", "--", "--organization", "3", "0", "ado-accounts", "logout", "--organization", ""],
            ["token", "--", "--organization", "3", "0", "ado-accounts", "token", "--organization", ""],
        ] {
            let offered = try cli.run(["---completion"] + request, input: nil)
            #expect(offered.standardOutput == "fabrikam\nhttps://tfs.example.com/tfs\n", "\(request[0])")
        }
        let script = try cli.run("--generate-completion-script", "bash")
        #expect(script.standardOutput.contains("---completion use -- positional@0"))
    }
}
