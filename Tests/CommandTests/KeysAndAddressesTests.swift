import Foundation
import TestSupport
import Testing

/// The built binary with keys az writes (spaces, keys that are no usable URL), addresses that
/// would send a token somewhere else than it seems (plain HTTP, look-alike hosts), and the
/// environment variables az devops reads.
@Suite struct KeysAndAddressesTests {
    /// az's key for a URL, computed by Python's urlparse and str.lower() (docs/storage.md §3).
    static func azKey(_ url: String) throws -> String? {
        guard let python = pythonPath else { return nil }
        let script = """
            import sys
            from urllib.parse import urlparse
            url = sys.argv[1]
            parts = urlparse(url)
            key = parts.scheme.lower() + "://" + parts.netloc.lower()
            path = parts.path.lower()
            if path and "visualstudio.com" not in url.lower():
                key += "/" + path.split("/")[1]
            sys.stdout.write("azdevops-cli:" + key)
            """
        let result = try ChildProcess.run(
            [python, "-c", script, url], environment: ["PATH": inheritedPath, "PYTHONIOENCODING": "utf-8"])
        return result.status == 0 ? result.standardOutput : nil
    }

    @Test func aCollectionWithASpaceIsCheckedAndStoredUnderAzsKey() async throws {
        let server = try TestHTTPServer(tokens: ["pat-space": "Jane Doe"])
        let cli = try CLI()
        let organization = server.baseURL + "/My Collection"
        let login = try await cli.run(["login", "--org", organization], input: Array("pat-space\n".utf8))
        #expect(login.status == 0, "\(login.output)")
        #expect(server.requests.map(\.path) == ["/My%20Collection/_apis/connectionData"])
        let key = "azdevops-cli:\(server.baseURL)/my collection"
        if let azKey = try Self.azKey(organization) { #expect(azKey == key) }
        #expect(FileSnapshot.text(cli.indexFile) == key + "\n")
        #expect(FileSnapshot.text(cli.tokenFile) == "[\(key)]\npersonal access token = pat-space\n\n")
        #expect(
            try await cli.run("token", "--org", server.baseURL + "/MY COLLECTION").standardOutput
                == "pat-space\n")
        #expect(try await cli.run("list").standardOutput.contains("\(server.baseURL)/my collection"))
    }

    /// What az leaves for a collection with a space, and a key it could store that is no URL
    /// ado-accounts accepts (IIS reads its backslash as '/').
    static let spaced = "azdevops-cli:https://tfs.example.com/my collection"
    static let raw = "azdevops-cli:https://tfs.example.com/tfs\\coll"

    func writeAsAz(_ cli: CLI) throws {
        try FileSnapshot.write(
            "[\(Self.spaced)]\npersonal access token = pat-a\n\n[\(Self.raw)]\npersonal access token = pat-b\n\n",
            to: cli.tokenFile)
        try FileSnapshot.write(Self.spaced + "\n" + Self.raw + "\n", to: cli.indexFile)
    }

    @Test func everyKeyAzWroteIsListedAndLogoutAllLeavesNoSecretBehind() async throws {
        let cli = try CLI()
        try writeAsAz(cli)
        let list = try await cli.run("list")
        #expect(list.status == 0, "\(list.output)")
        let lines = list.standardOutput.split(separator: "\n")
        #expect(
            lines.contains {
                $0.hasPrefix("  https://tfs.example.com/my collection ") && $0.hasSuffix("file   own token")
            },
            "\(list.output)")
        #expect(
            list.standardOutput.contains(Self.raw)
                && list.standardOutput.contains("raw key, not an organization URL"),
            "\(list.output)")
        let json = try await cli.run("list", "--json").standardOutput
        #expect(json.contains("\"kind\" : \"raw\""), "\(json)")

        let logout = try await cli.run("logout", "--all")
        #expect(logout.status == 0, "\(logout.output)")
        #expect(logout.standardError.contains("(2 credentials removed)"), "\(logout.output)")
        #expect(FileSnapshot.text(cli.tokenFile) == "", "no secret stays behind")
        #expect(FileSnapshot.text(cli.indexFile) == nil)
    }

    @Test func doctorReportsARawKeyAndLogoutTakesItsWholeText() async throws {
        let cli = try CLI()
        try writeAsAz(cli)
        let doctor = try await cli.run("doctor")
        #expect(doctor.status == 1, "\(doctor.output)")
        #expect(doctor.output.contains("A token is stored under the key '\(Self.raw)'"), "\(doctor.output)")
        let logout = try await cli.run("logout", "--org", Self.raw)
        #expect(logout.status == 0, "\(logout.output)")
        #expect(FileSnapshot.text(cli.indexFile) == Self.spaced + "\n")
        #expect(try await cli.run("doctor").status == 0)
    }

    @Test func plainHTTPIsRefusedBeyondThisMachineUnlessAllowedAndNeverForAzureDevOpsServices() async throws {
        let cli = try await CLI.withExistingAccounts()
        let before = cli.files
        let refused = try await cli.run(
            ["login", "--org", "http://tfs.example.invalid/tfs"], input: Array("pat\n".utf8))
        #expect(refused.status == 2, "\(refused.output)")
        #expect(refused.errorLines.count == 1, "\(refused.output)")
        #expect(
            refused.standardError.contains("would send the token unencrypted to tfs.example.invalid")
                && refused.standardError.contains("--allow-http"), "\(refused.output)")
        #expect(cli.files == before)

        // Allowed: it goes on to the check, which cannot reach this host.
        let allowed = try await cli.run(
            ["login", "--org", "http://tfs.example.invalid/tfs", "--allow-http"], input: Array("pat\n".utf8))
        #expect(allowed.status == 4, "\(allowed.output)")

        for arguments in [
            ["login", "--org", "http://dev.azure.com/contoso", "--allow-http"],
            ["login", "--org", "http://contoso.visualstudio.com", "--allow-http", "--skip-verify"],
        ] {
            let never = try await cli.run(arguments, input: Array("pat\n".utf8))
            #expect(never.status == 2, "\(never.output)")
            #expect(never.standardError.contains("only served over https"), "\(never.output)")
        }
        let verify = try await cli.run("verify", "--org", "http://tfs.example.invalid/tfs")
        #expect(verify.status == 2, "\(verify.output)")
        #expect(verify.standardOutput.contains("unencrypted"), "\(verify.output)")
        #expect(cli.files == before)
    }

    @Test func aLookAlikeHostIsNamedByItsRealHostBeforeTheTokenIsRead() async throws {
        let cli = try CLI()
        let login = try await cli.run(
            ["login", "--org", "https://dev.аzure.com/contoso", "--skip-verify"], input: Array("pat\n".utf8))
        #expect(login.status == 0, "\(login.output)")
        let warning = "the host is dev.xn--zure-43d.com (non-ASCII: а U+0430), not dev.azure.com"
        #expect(login.errorLines.first == "ado-accounts: warning: https://dev.аzure.com/contoso: \(warning).")
        #expect(
            login.standardError.contains(
                "Stored a token for https://dev.аzure.com/contoso (\(warning)) without"))
        #expect(try await cli.run("list").standardOutput.contains(warning + "!"))
        let json = try await cli.run("list", "--json")
        #expect(json.standardOutput.contains("\"hostWarning\" : \"\(warning)\""), "\(json.output)")
    }

    /// az devops reads AZURE_DEVOPS_EXT_PAT only; status describes az.
    @Test func statusDoesNotCountTheVariableAzIgnores() async throws {
        let cli = try CLI()
        try await cli.run("login", "--org", "contoso", "--skip-verify", input: "own\n")
        let status = try await cli.run(["status"], input: nil, environment: ["AZURE_DEVOPS_CLI_PAT": "x"])
        #expect(status.status == 0, "\(status.output)")
        #expect(!status.standardOutput.contains("AZURE_DEVOPS_CLI_PAT"), "\(status.output)")
        #expect(status.standardOutput.contains("own PAT (file)"), "\(status.output)")
        #expect(
            status.standardError.contains(
                "AZURE_DEVOPS_CLI_PAT is set, but az devops reads only AZURE_DEVOPS_EXT_PAT"),
            "\(status.output)")
        let token = try await cli.run(
            ["token"], input: nil, environment: ["AZURE_DEVOPS_CLI_PAT": "from-variable"])
        #expect(token.standardOutput == "from-variable\n", "token keeps honouring both names")
    }

    @Test func loginSetsNoDefaultWhileTheVariableNamesOne() async throws {
        let cli = try CLI()
        let login = try await cli.run(
            ["login", "--org", "contoso", "--skip-verify"], input: Array("pat\n".utf8),
            environment: ["AZURE_DEVOPS_EXT__DEFAULTS_ORGANIZATION": "https://dev.azure.com/fabrikam"])
        #expect(login.status == 0, "\(login.output)")
        #expect(!login.standardError.contains("is now the default organization"), "\(login.output)")
        #expect(FileSnapshot.text(cli.configFile) == nil)
    }
}
