import Foundation
import TestSupport
import Testing

/// Every refused input gets one clear line, a non-zero status, and leaves every file as it was.
@Suite struct BadInputTests {
    let cli: CLI

    init() async throws {
        cli = try await CLI.withExistingAccounts()
    }

    static let badTokens: [(String, [UInt8], String)] = [
        ("empty", Array("\n".utf8), "The token is empty"),
        ("no input at all", [], "standard input has no line"),
        ("only spaces", Array("     \n".utf8), "The token is empty"),
        ("a space inside", Array("abc def\n".utf8), "whitespace"),
        ("a NUL", Array("abc\u{0}def\n".utf8), "control character"),
        ("a control character", Array("abc\u{7}def\n".utf8), "control character"),
        ("a terminal escape", Array("abc\u{1B}[2Jdef\n".utf8), "control character"),
        ("too long", Array((String(repeating: "x", count: 1025) + "\n").utf8), "longer than 1024"),
        (
            "one MiB without a newline", [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20),
            "longer than 1024"
        ),
        ("not UTF-8", [0x61, 0xFF, 0xFE, 0x62, 0x0A], "not valid UTF-8"),
    ]

    @Test(arguments: badTokens.indices)
    func badTokensAreRefusedAndNothingChanges(index: Int) async throws {
        let (label, input, message) = Self.badTokens[index]
        for arguments in [["login"], ["login", "--org", "https://dev.azure.com/existing", "--skip-verify"]] {
            let before = cli.files
            let result = try await cli.run(arguments, input: input)
            #expect(result.status == 2, "\(label)")
            #expect(result.errorLines.count == 1, "\(label): \(result.standardError)")
            #expect(result.standardError.contains(message), "\(label): \(result.standardError)")
            #expect(result.standardError.contains("nothing was stored"), "\(label)")
            #expect(cli.files == before, "\(label)")
        }
    }

    static let badOrganizations: [(String, String)] = [
        ("https://dev azure.com/org", "space"),
        ("https://dev.azure.com@evil.example/org", "before its host, which is evil.example"),
        ("https://dev.azure.com/contoso/../../x", "'..' segment"),
        ("javascript:alert(1)", "scheme 'javascript'"),
        ("file:///etc/passwd", "scheme 'file'"),
        ("https://user:hunter2@dev.azure.com/org", "contains a password"),
        ("https://dev.azure.com/" + String(repeating: "a", count: 10_000), "the limit is 2048"),
        ("https://dev.azure.com/\u{1B}]0;title\u{7}", "control character"),
        ("", "empty"),
    ]

    @Test(arguments: badOrganizations.indices)
    func badOrganizationsAreRefusedEverywhere(index: Int) async throws {
        let (organization, message) = Self.badOrganizations[index]
        for arguments in [
            ["login", "--org", organization], ["logout", "--org", organization], ["use", organization],
            ["token", "--org", organization], ["verify", "--org", organization],
            ["configure", "--defaults", "organization=" + organization],
        ] where !(organization.isEmpty && arguments[0] == "configure") {
            let before = cli.files
            let result = try await cli.run(arguments, input: Array("a-token\n".utf8))
            #expect(result.status == 2, "\(arguments[0])")
            #expect(result.errorLines.count == 1, "\(arguments[0]): \(result.standardError)")
            #expect(result.standardError.contains(message), "\(arguments[0]): \(result.standardError)")
            #expect(!result.standardError.contains("\u{1B}"), "no escape reaches the terminal")
            #expect(!result.standardError.contains("hunter2"), "the password is not repeated")
            #expect(cli.files == before)
        }
    }

    @Test func usageErrorsAreOneLineWithStatusTwo() async throws {
        for arguments in [
            ["logout", "--all", "--org", "x"], ["login", "--pat", "x"], ["frobnicate"],
            ["verify", "--timeout", "0"],
        ] {
            let before = cli.files
            let result = try await cli.run(arguments, input: nil)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.errorLines.count == 1, "\(arguments): \(result.standardError)")
            #expect(result.standardError.hasPrefix("ado-accounts: "))
            #expect(cli.files == before)
        }
    }

    @Test func damagedFilesAreReadGracefully() async throws {
        try FileSnapshot.write(
            "\u{FEFF}[defaults]\r\norganization = https://dev.azure.com/existing\r\njunk line\r\n[defaults]\r\nproject = 100%\r\n",
            to: cli.configFile)
        try FileSnapshot.write(
            "\n\ngarbage\nazdevops-cli:https://dev.azure.com/existing\n   \n", to: cli.indexFile)
        try FileSnapshot.write(
            "[azdevops-cli:https://dev.azure.com/novalue]\n\n[azdevops-cli: default]\npersonal access token = default-token\n",
            to: cli.tokenFile)
        let before = cli.files
        let list = try await cli.run("list")
        #expect(list.status == 0)
        #expect(
            list.standardOutput.contains(
                "* https://dev.azure.com/existing  -      no token (uses the default credential)"))
        #expect(list.standardOutput.contains("Default project: 100%"))
        #expect(!list.standardOutput.contains("novalue"))
        #expect(try await cli.run("configure", "--list").status == 0)
        #expect(cli.files == before, "reading changes nothing")
    }

    @Test func aTokenFileThatIsADirectoryOrALinkIsAClearErrorAndNothingIsLost() async throws {
        let before = cli.files
        let elsewhere = cli.root.appending("elsewhere")
        try FileSnapshot.write("[azdevops-cli: default]\npersonal access token = planted\n", to: elsewhere)
        let moved = cli.tokenFile + ".real"
        rename(cli.tokenFile, moved)
        symlink(elsewhere, cli.tokenFile)
        let result = try await cli.run("login", "--org", "x", "--skip-verify", input: "new\n")
        #expect(result.status == 5)
        #expect(
            result.errorLines == ["ado-accounts: \(cli.tokenFile) is a symbolic link; refusing to follow it."]
        )
        #expect(FileSnapshot.text(elsewhere) == "[azdevops-cli: default]\npersonal access token = planted\n")
        unlink(cli.tokenFile)
        mkdir(cli.tokenFile, 0o700)
        let directory = try await cli.run("list")
        #expect(directory.status == 5)
        #expect(directory.errorLines == ["ado-accounts: \(cli.tokenFile) is a directory, not a file."])
        rmdir(cli.tokenFile)
        rename(moved, cli.tokenFile)
        #expect(cli.files == before)
    }
}

@Suite struct HelpTests {
    static let everyCommand = [
        "login", "logout", "list", "use", "configure", "token", "verify", "status", "exec", "git-credential",
        "setup-git", "az-login", "az-logout", "migrate", "doctor", "tui", "pat",
    ]

    @Test(arguments: [
        "login", "logout", "list", "use", "configure", "token", "verify", "exec", "setup-git", "pat",
    ])
    func everyCommandsHelpHasExamples(command: String) async throws {
        let cli = try CLI()
        let result = try await cli.run(command, "--help")
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Examples:"))
        #expect(result.standardOutput.contains("ado-accounts \(command)"))
    }

    @Test func noCommandTakesATokenArgument() async throws {
        let cli = try CLI()
        for command in [[]] + Self.everyCommand.map({ [$0] }) {
            let result = try await cli.run(command + ["--help"], input: nil)
            #expect(result.status == 0 && !result.standardOutput.isEmpty, "\(command): no help")
            let help = result.standardOutput.lowercased()
            #expect(!help.contains("--pat") && !help.contains("--token"), "\(command)")
        }
    }

    /// The list above is every subcommand: one added later is checked too, or this fails.
    @Test func theListOfCommandsIsComplete() async throws {
        let help = try await CLI().run("--help").standardOutput
        let section = help.components(separatedBy: "SUBCOMMANDS:\n").dropFirst().first ?? ""
        let names = section.split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(names == Self.everyCommand)
    }
}
