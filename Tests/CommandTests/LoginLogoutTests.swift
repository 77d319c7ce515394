import Foundation
import TestSupport
import Testing

@Suite struct LoginLogoutTests {
    let cli: CLI
    let server: TestHTTPServer

    init() throws {
        cli = try CLI()
        server = try TestHTTPServer(tokens: ["pat-contoso": "Jane Doe", "pat-fabrikam": "John Roe"])
    }

    var contoso: String { server.organization(named: "Contoso") }
    var contosoKey: String { "azdevops-cli:" + server.organization(named: "contoso") }

    @Test func loginVerifiesAndWritesAzFilesByteForByte() async throws {
        let result = try await cli.run("login", "--organization", contoso + "/", input: "pat-contoso\n")
        #expect(result.status == 0)
        #expect(
            result.errorLines == [
                "Logged in to \(server.organization(named: "contoso")) as Jane Doe.",
                "\(contoso)/ is now the default organization.",
            ])
        #expect(result.standardOutput.isEmpty)
        #expect(
            FileSnapshot.text(cli.tokenFile) == "[\(contosoKey)]\npersonal access token = pat-contoso\n\n")
        #expect(FileSnapshot.text(cli.indexFile) == contosoKey + "\n")
        #expect(FileSnapshot.text(cli.configFile) == "[defaults]\norganization = \(contoso)/\n\n")
        for path in [cli.tokenFile, cli.indexFile, cli.configFile] {
            #expect(FileSnapshot.mode(path) == 0o600)
        }
        #expect(FileSnapshot.mode(cli.configDirectory) == 0o700)
    }

    @Test func aSecondLoginKeepsTheDefaultAndAppendsToTheIndex() async throws {
        try await cli.run("login", "--org", contoso, input: "pat-contoso\n")
        let second = try await cli.run(
            "login", "--org", server.organization(named: "fabrikam"), input: "pat-fabrikam\n")
        #expect(second.errorLines == ["Logged in to \(server.organization(named: "fabrikam")) as John Roe."])
        #expect(
            FileSnapshot.text(cli.indexFile) == contosoKey
                + "\nazdevops-cli:\(server.organization(named: "fabrikam"))\n")
        #expect(FileSnapshot.text(cli.configFile) == "[defaults]\norganization = \(contoso)\n\n")
    }

    @Test(arguments: [
        (TestHTTPServer.Behaviour.unauthorized, Int32(3), "refused the token: HTTP 401"),
        (.signin, 3, "refused the token: HTTP 203"),
        (.anonymous, 3, "signed in anonymously"),
        (.forbidden, 3, "HTTP 403"),
        (.error, 4, "HTTP 500"),
        (.garbage, 4, "not Azure DevOps connection data"),
    ])
    func aFailedCheckStoresNothing(behaviour: TestHTTPServer.Behaviour, status: Int32, message: String)
        async throws
    {
        let result = try await cli.run(
            "login", "--org", server.organization(behaviour), input: "pat-contoso\n")
        #expect(result.status == status)
        #expect(result.errorLines.count == 1)
        #expect(result.standardError.contains(message))
        #expect(result.standardError.contains("Nothing was stored."))
        #expect(!result.output.contains("pat-contoso"))
        #expect(cli.files.keys.allSatisfy { $0 == "ado-accounts.lock" } || cli.files.isEmpty)
    }

    @Test func anUnreachableOrganizationStoresNothing() async throws {
        let closed = try TestHTTPServer()
        let url = closed.organization(named: "gone")
        closed.stop()
        let result = try await cli.run("login", "--org", url, input: "pat\n")
        #expect(result.status == 4)
        #expect(result.standardError.contains("could not connect"))
        #expect(FileSnapshot.text(cli.tokenFile) == nil)
    }

    @Test func skipVerifyStoresWithoutAsking() async throws {
        let result = try await cli.run(
            "login", "--org", server.organization(.unauthorized), "--skip-verify", input: "unchecked\n")
        #expect(result.status == 0)
        #expect(server.requests.isEmpty)
        #expect(FileSnapshot.text(cli.tokenFile)?.contains("personal access token = unchecked") == true)
    }

    @Test func withoutAnOrganizationTheTokenBecomesTheDefaultCredential() async throws {
        let result = try await cli.run("login", input: "pat-default  \r\n")
        #expect(result.status == 0)
        #expect(
            FileSnapshot.text(cli.tokenFile)
                == "[azdevops-cli: default]\npersonal access token = pat-default\n\n")
        #expect(FileSnapshot.text(cli.indexFile) == "azdevops-cli: default\n")
        #expect(FileSnapshot.text(cli.configFile) == nil, "no default organization is set")
    }

    @Test func anEnvironmentTokenIsMentionedButLoginProceeds() async throws {
        let result = try await cli.run(
            ["login"], input: Array("pat\n".utf8), environment: ["AZURE_DEVOPS_EXT_PAT": "from-env"])
        #expect(result.status == 0)
        #expect(
            result.errorLines.last
                == "ado-accounts: warning: AZURE_DEVOPS_EXT_PAT is set and takes precedence over stored tokens while it is set."
        )
        #expect(!result.output.contains("from-env"))
    }

    @Test func logoutRemovesTheTokenTheIndexLineAndTheDefaultByKey() async throws {
        try await cli.run("login", "--org", contoso + "/", input: "pat-contoso\n")
        try await cli.run("login", input: "pat-default\n")
        let result = try await cli.run(
            "logout", "--organization", server.organization(named: "CONTOSO") + "/_git/repo")
        #expect(result.status == 0)
        #expect(
            result.errorLines == [
                "Logged out of \(server.organization(named: "contoso")).",
                "It was the default organization, which is now unset.",
            ])
        #expect(
            FileSnapshot.text(cli.tokenFile)
                == "[azdevops-cli: default]\npersonal access token = pat-default\n\n")
        #expect(FileSnapshot.text(cli.indexFile) == "azdevops-cli: default\n")
        #expect(FileSnapshot.text(cli.configFile) == "[defaults]\norganization = \n\n")
    }

    @Test func logoutWithoutOptionsRemovesOnlyTheDefaultCredential() async throws {
        try await cli.run("login", "--org", contoso, input: "pat-contoso\n")
        try await cli.run("login", input: "pat-default\n")
        let result = try await cli.run("logout")
        #expect(result.status == 0)
        #expect(result.errorLines.first == "Removed the default credential.")
        #expect(
            FileSnapshot.text(cli.tokenFile) == "[\(contosoKey)]\npersonal access token = pat-contoso\n\n")
        #expect(FileSnapshot.text(cli.indexFile) == contosoKey + "\n")
        let again = try await cli.run("logout")
        #expect(again.status == 1)
        #expect(
            again.errorLines.first?.hasPrefix("ado-accounts: There is no default credential to remove.")
                == true)
    }

    @Test func logoutAllRemovesEverything() async throws {
        try await cli.run("login", "--org", contoso, input: "pat-contoso\n")
        try await cli.run("login", input: "pat-default\n")
        let result = try await cli.run("logout", "--all")
        #expect(result.status == 0)
        #expect(
            result.errorLines == [
                "Removed the token for \(server.organization(named: "contoso")).",
                "Removed the default credential.",
                "Logged out of all Azure DevOps organizations (2 credentials removed).",
                "The default organization is now unset.",
            ])
        #expect(FileSnapshot.text(cli.tokenFile) == "")
        #expect(FileSnapshot.text(cli.indexFile) == nil)
        #expect(FileSnapshot.text(cli.configFile) == "[defaults]\norganization = \n\n")
        let again = try await cli.run("logout", "--all")
        #expect(again.status == 1)
        #expect(again.errorLines == ["ado-accounts: No credentials were found."])
    }

    @Test func logoutOfAnUnknownOrganizationIsExitOne() async throws {
        let result = try await cli.run("logout", "--org", "nobody")
        #expect(result.status == 1)
        #expect(
            result.errorLines == ["ado-accounts: No credential was found for https://dev.azure.com/nobody."])
    }

    @Test func theTokenNeverAppearsInAnyOutput() async throws {
        let secret = "Zq9-secret-PAT-value"
        server.accept(token: secret, as: "Secret Owner")
        var outputs: [String] = []
        outputs.append(try await cli.run("login", "--org", contoso, input: secret + "\n").output)
        outputs.append(try await cli.run("login", input: secret + "\n").output)
        outputs.append(try await cli.run("list").output)
        outputs.append(try await cli.run("list", "--json").output)
        outputs.append(try await cli.run("verify", "--all").output)
        outputs.append(try await cli.run("verify", "--all", "--json").output)
        outputs.append(try await cli.run("configure", "--list").output)
        outputs.append(
            try await cli.run("login", "--org", server.organization(.unauthorized), input: secret + "\n")
                .output)
        outputs.append(try await cli.run("logout", "--all").output)
        for output in outputs { #expect(!output.contains(secret)) }
    }

    @Test func aWorldReadableTokenFileIsReportedOnEveryCommandUntilFixed() async throws {
        try await cli.run("login", input: "pat-default\n")
        chmod(cli.tokenFile, 0o644)
        for arguments in [["list"], ["use", "contoso"], ["verify", "--all"]] {
            let result = try await cli.run(arguments, input: nil)
            #expect(
                result.errorLines.filter { $0.contains("is readable by others (mode 644)") }.count == 1,
                "\(arguments)")
        }
        #expect(try await cli.run("list").standardOutput.contains("readable by others!"))
        try await cli.run("login", "--org", "x", "--skip-verify", input: "another\n")
        #expect(FileSnapshot.mode(cli.tokenFile) == 0o600)
        #expect(!(try await cli.run("list").standardError.contains("readable by others")))
    }

    @Test func strayTemporaryFilesOfAKilledWriterAreCleanedUp() async throws {
        try await cli.run("login", input: "pat\n")
        let stray = cli.configDirectory + "/.personalAccessTokens.ado-tmp-ABC123"
        try FileSnapshot.write("half", to: stray)
        try await cli.run("login", "--org", "x", "--skip-verify", input: "other\n")
        #expect(!FileManager.default.fileExists(atPath: stray))
    }
}
