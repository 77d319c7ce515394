import Foundation
import TestSupport
import Testing

@Suite struct DefaultsAndListingTests {
    let cli: CLI

    init() throws {
        cli = try CLI()
    }

    @Test func useSetsTheDefaultAndDashSwitchesBack() async throws {
        try await cli.run("login", "--org", "contoso", "--skip-verify", input: "pat\n")
        let use = try await cli.run("use", "https://dev.azure.com/Fabrikam")
        #expect(use.status == 0)
        #expect(
            use.errorLines == [
                "Default organization: https://dev.azure.com/Fabrikam (was https://dev.azure.com/contoso).",
                "ado-accounts: warning: No token is stored for https://dev.azure.com/fabrikam; run 'ado-accounts login --organization https://dev.azure.com/fabrikam'.",
            ])
        #expect(
            FileSnapshot.text(cli.configFile)
                == "[defaults]\norganization = https://dev.azure.com/Fabrikam\n\n")
        let back = try await cli.run("use", "-")
        #expect(
            back.errorLines == [
                "Default organization: https://dev.azure.com/contoso (was https://dev.azure.com/Fabrikam)."
            ])
        #expect(
            FileSnapshot.text(cli.configFile)
                == "[defaults]\norganization = https://dev.azure.com/contoso\n\n")
    }

    /// `use` of the organization that is already the default, in another spelling or the same:
    /// it says so instead of "(was …)" naming itself, and `use -` still goes back to the
    /// organization before it, not to another spelling of the same one.
    @Test func useOfTheCurrentDefaultSaysSoAndKeepsThePreviousOne() async throws {
        try await cli.run("login", "--org", "contoso", "--skip-verify", input: "pat\n")
        try await cli.run("login", "--org", "fabrikam", "--skip-verify", input: "pat\n")
        try await cli.run("use", "fabrikam")
        for (spelling, shown) in [
            ("https://dev.azure.com/Fabrikam/", "https://dev.azure.com/Fabrikam/"),
            ("fabrikam", "https://dev.azure.com/fabrikam"),
        ] {
            let again = try await cli.run("use", spelling)
            #expect(again.status == 0)
            #expect(again.errorLines == ["Default organization: \(shown) (it was already)."])
        }
        let back = try await cli.run("use", "-")
        #expect(
            back.errorLines == [
                "Default organization: https://dev.azure.com/contoso (was https://dev.azure.com/fabrikam)."
            ])
    }

    @Test func useOfAnOrganizationCoveredByTheDefaultCredentialSaysSo() async throws {
        try await cli.run("login", input: "pat\n")
        let use = try await cli.run("use", "northwind")
        #expect(use.errorLines.last == "It has no token of its own; the default credential will be used.")
    }

    @Test func useDashWithoutHistoryIsExitOne() async throws {
        let result = try await cli.run("use", "-")
        #expect(result.status == 1)
        #expect(
            result.errorLines == [
                "ado-accounts: There is no previous default organization to switch back to."
            ])
    }

    @Test func configureWritesAndListsLikeAz() async throws {
        let set = try await cli.run(
            "configure", "--defaults", "organization=https://dev.azure.com/Contoso/", "project=Web 100%")
        #expect(set.status == 0 && set.output.isEmpty)
        #expect(
            FileSnapshot.text(cli.configFile)
                == "[defaults]\norganization = https://dev.azure.com/Contoso/\nproject = Web 100%%\n\n")
        let list = try await cli.run(
            ["configure", "--list"], input: nil, environment: ["AZURE_DEVOPS_EXT_PAT": "never-shown"])
        #expect(
            list.standardOutput == """

                [defaults]
                organization = https://dev.azure.com/Contoso/
                project = Web 100%

                Use git alias = No

                Environment variables:
                AZURE_DEVOPS_EXT_PAT

                """)
        let clear = try await cli.run("configure", "--defaults", "project=''")
        #expect(clear.status == 0)
        #expect(
            FileSnapshot.text(cli.configFile)
                == "[defaults]\norganization = https://dev.azure.com/Contoso/\nproject = \n\n")
    }

    @Test func configureKeepsForeignContent() async throws {
        try FileSnapshot.write(
            "[defaults]\norganization = https://dev.azure.com/a\n\n[custom]\nkey = value\n\n",
            to: cli.configFile)
        try await cli.run("configure", "--defaults", "project=P")
        #expect(
            FileSnapshot.text(cli.configFile)
                == "[defaults]\norganization = https://dev.azure.com/a\nproject = P\n\n[custom]\nkey = value\n\n"
        )
    }

    @Test(arguments: [
        (
            ["configure", "--defaults", "color=blue"],
            "usage error: invalid default value setup. Supported values are ['organization', 'project']."
        ),
        (
            ["configure", "--defaults", "organization"],
            "usage error: --defaults STRING=STRING STRING=STRING ..."
        ),
        (
            ["configure", "--defaults", "organization=ftp://x"],
            "Organization should be a valid Azure DevOps or Azure DevOps Server URL"
        ),
        (["configure"], "give at least one of --defaults, --use-git-aliases and --list."),
    ])
    func configureRefusesWhatAzRefuses(arguments: [String], message: String) async throws {
        let result = try await cli.run(arguments, input: nil)
        #expect(result.status == 2)
        #expect(result.errorLines.count == 1)
        #expect(result.standardError.contains(message))
    }

    @Test func listShowsRowsTheDefaultTheDefaultCredentialAndOverrides() async throws {
        try await cli.run("login", "--org", "https://dev.azure.com/Contoso", "--skip-verify", input: "a\n")
        try await cli.run("login", "--org", "fabrikam", "--skip-verify", input: "b\n")
        try await cli.run("login", input: "c\n")
        try await cli.run("configure", "--defaults", "project=Web")
        let text = try await cli.run("list")
        #expect(text.status == 0)
        #expect(
            text.standardOutput == """
                  ORGANIZATION                    STORE  TOKEN
                * https://dev.azure.com/contoso   file   own token
                  https://dev.azure.com/fabrikam  file   own token
                  any organization                file   default credential
                Default project: Web

                """)
        try await cli.run("use", "northwind")
        let overridden = try await cli.run(["list"], input: nil, environment: ["AZURE_DEVOPS_CLI_PAT": "x"])
        #expect(
            overridden.standardOutput.contains(
                "* https://dev.azure.com/northwind  -      no token (uses AZURE_DEVOPS_CLI_PAT)"))
        #expect(
            try await cli.run("list").standardOutput.contains(
                "* https://dev.azure.com/northwind  -      no token (uses the default credential)"))
        #expect(
            overridden.standardOutput.hasSuffix(
                "AZURE_DEVOPS_CLI_PAT is set: it overrides every stored token.\n"))
    }

    @Test func listJSONFollowsTheDocumentedSchema() async throws {
        try await cli.run("login", "--org", "contoso", "--skip-verify", input: "a\n")
        let result = try await cli.run(
            ["list", "--json"], input: nil, environment: ["AZURE_DEVOPS_EXT__DEFAULTS_PROJECT": "Env"])
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["configDirectory"] as? String == cli.configDirectory)
        #expect(
            (json["defaultOrganization"] as? [String: Any])?["value"] as? String
                == "https://dev.azure.com/contoso")
        #expect(
            (json["defaultProject"] as? [String: Any])?["overriddenBy"] as? String
                == "AZURE_DEVOPS_EXT__DEFAULTS_PROJECT")
        let accounts = try #require(json["accounts"] as? [[String: Any]])
        #expect(accounts.count == 1)
        #expect(accounts[0]["organization"] as? String == "https://dev.azure.com/contoso")
        #expect(accounts[0]["key"] as? String == "azdevops-cli:https://dev.azure.com/contoso")
        #expect(accounts[0]["kind"] as? String == "organization")
        #expect(accounts[0]["isDefault"] as? Bool == true)
        #expect(accounts[0]["hasToken"] as? Bool == true)
        #expect(accounts[0]["stores"] as? [String] == ["file"])
        #expect(accounts[0]["indexed"] as? Bool == true)
        #expect((json["stores"] as? [[String: Any]])?.first?["kind"] as? String == "file")
    }

    @Test func anEmptyListSaysHowToStart() async throws {
        let result = try await cli.run("list")
        #expect(result.status == 0)
        #expect(result.standardOutput.isEmpty)
        #expect(
            result.errorLines == [
                "No credentials are stored. Log in with: ado-accounts login --organization URL"
            ])
    }

    @Test func filesWrittenByAzAreReadAsTheyAre() async throws {
        try FileSnapshot.write(
            "[azdevops-cli:https://dev.azure.com/viaaz]\npersonal access token = from-az\n\n",
            to: cli.tokenFile, mode: 0o600)
        try FileSnapshot.write("azdevops-cli:https://dev.azure.com/viaaz\n", to: cli.indexFile)
        try FileSnapshot.write(
            "[defaults]\norganization = https://dev.azure.com/ViaAz/\n\n", to: cli.configFile)
        #expect(
            try await cli.run("list").standardOutput.contains(
                "* https://dev.azure.com/viaaz  file   own token"))
        #expect(try await cli.run("token").standardOutput == "from-az\n")
    }
}

@Suite struct TokenAndVerifyTests {
    let cli: CLI
    let server: TestHTTPServer

    init() throws {
        cli = try CLI()
        server = try TestHTTPServer(tokens: ["good": "Jane Doe"])
    }

    @Test func tokenFollowsTheResolutionOrder() async throws {
        try await cli.run("login", "--org", "contoso", "--skip-verify", input: "own\n")
        try await cli.run("login", input: "fallback\n")
        #expect(try await cli.run("token", "--org", "contoso").standardOutput == "own\n")
        #expect(try await cli.run("token", "--org", "other").standardOutput == "fallback\n")
        #expect(try await cli.run("token").standardOutput == "own\n", "the default organization")
        let env = try await cli.run(
            ["token", "--org", "contoso"], input: nil,
            environment: ["AZURE_DEVOPS_CLI_PAT": "old-name", "AZURE_DEVOPS_EXT_PAT": "new-name"])
        #expect(env.standardOutput == "new-name\n")
        // The environment is read from environ directly: a value keeps everything after the
        // first "=", and an empty one is still set (the contract, section 8).
        let equals = try await cli.run(
            ["token", "--org", "contoso"], input: nil,
            environment: ["AZURE_DEVOPS_CLI_PAT": "", "AZURE_DEVOPS_EXT_PAT": "a=b=="])
        #expect(equals.standardOutput == "a=b==\n")
        let empty = try await cli.run(
            ["token", "--org", "contoso"], input: nil,
            environment: ["AZURE_DEVOPS_CLI_PAT": "", "AZURE_DEVOPS_EXT_PAT": ""])
        #expect(empty.status == 2)
        #expect(empty.standardOutput.isEmpty)
        #expect(
            empty.errorLines == [
                "ado-accounts: AZURE_DEVOPS_EXT_PAT is set but empty; unset it or give it a token."
            ])
    }

    @Test func tokenWithNothingStoredIsExitOne() async throws {
        let result = try await cli.run("token", "--org", "contoso")
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(
            result.errorLines == [
                "ado-accounts: No token for https://dev.azure.com/contoso and no default credential."
            ])
    }

    @Test func verifyReportsEachOrganization() async throws {
        try await cli.run("login", "--org", server.organization(named: "good"), input: "good\n")
        try await cli.run(
            "login", "--org", server.organization(.unauthorized), "--skip-verify", input: "good\n")
        try await cli.run("login", "--org", server.organization(.error), "--skip-verify", input: "good\n")
        let single = try await cli.run("verify")
        #expect(single.status == 0)
        #expect(single.standardOutput.contains("\(server.organization(named: "good"))  valid "))
        #expect(single.standardOutput.contains("own token           Jane Doe"))
        let all = try await cli.run("verify", "--all")
        #expect(all.status == 3, "a rejected token outranks an unreachable organization")
        let lines = all.standardOutput.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("ORGANIZATION"))
        #expect(all.standardOutput.contains("rejected"))
        #expect(all.standardOutput.contains("unexpected "))
        #expect(all.standardOutput.contains(" HTTP 500: server error"))
    }

    @Test func verifyJSONFollowsTheDocumentedSchema() async throws {
        try await cli.run("login", "--org", server.organization(named: "good"), input: "good\n")
        try await cli.run("login", "--org", server.organization(.signin), "--skip-verify", input: "good\n")
        let result = try await cli.run("verify", "--all", "--json")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(results.count == 2)
        let good = try #require(results.first { $0["result"] as? String == "valid" })
        #expect(good["organization"] as? String == server.organization(named: "good"))
        #expect((good["identity"] as? [String: Any])?["displayName"] as? String == "Jane Doe")
        #expect(good["tokenSource"] as? String == "organization")
        #expect(good["latencyMilliseconds"] is Int)
        let signin = try #require(results.first { $0["result"] as? String == "rejected" })
        #expect((signin["reason"] as? String)?.contains("HTTP 203") == true)
    }

    @Test func verifyHonoursItsTimeout() async throws {
        try await cli.run("login", "--org", server.organization(.hang), "--skip-verify", input: "good\n")
        let result = try await cli.run("verify", "--timeout", "0.5")
        #expect(result.status == 4)
        #expect(result.standardOutput.contains("unreachable "))
        #expect(result.standardOutput.hasSuffix(" timed out\n"))
    }

    @Test func verifyWithoutATokenSaysSo() async throws {
        try await cli.run("use", server.organization(named: "good"))
        let result = try await cli.run("verify")
        #expect(result.status == 3)
        #expect(result.standardOutput.contains("noToken"))
    }
}
