import Foundation
import TestSupport
import Testing

/// az's own options for configure and logout, what the commands say while they wait and when
/// they are misused, and the small slips of issue 14.
@Suite struct AzParityAndFeedbackTests {
    let cli: CLI

    init() throws {
        cli = try CLI()
    }

    var gitConfig: String { cli.environment["HOME"]! + "/.gitconfig" }

    // MARK: configure

    @Test func configureTakesAzShortOptions() async throws {
        let result = try await cli.run("configure", "-d", "project=Web", "-l")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.standardOutput.contains("project = Web"))
    }

    @Test func useGitAliasesWritesAzAliasesAndRemovesOnlyAzs() async throws {
        let on = try await cli.run("configure", "--use-git-aliases")
        #expect(on.status == 0, "\(on.output)")
        // Read back by git itself: the exact values az's git.py writes.
        #expect(try git("config", "--global", "alias.pr") == #"!f() { exec az repos pr "$@"; }; f"#)
        #expect(try git("config", "--global", "alias.repo") == #"!f() { exec az repos "$@"; }; f"#)
        #expect(try await cli.run("configure", "-l").standardOutput.contains("Use git alias = Yes"))

        // An alias of the person's own under az's name is not az's to remove.
        _ = try git("config", "--global", "alias.repo", "!echo mine")
        let off = try await cli.run("configure", "--use-git-aliases", "FALSE")
        #expect(off.status == 0, "\(off.output)")
        #expect((try? git("config", "--global", "alias.pr")) == nil)
        #expect(try git("config", "--global", "alias.repo") == "!echo mine")
    }

    @Test func configureRefusesAnUnknownOptionAsSuch() async throws {
        let result = try await cli.run("configure", "--bogus")
        #expect(result.status == 2)
        #expect(
            result.errorLines == [
                "ado-accounts: unknown option '--bogus'. See 'ado-accounts configure --help'."
            ])
    }

    // MARK: logout

    @Test func logoutWithoutArgumentsSaysWhatAzWouldAlsoHaveRemoved() async throws {
        let cli = try await CLI.withExistingAccounts()
        let result = try await cli.run("logout")
        #expect(result.status == 0)
        #expect(result.errorLines.first == "Removed the default credential.")
        #expect(result.standardError.contains("az devops logout would have removed them too"))
        #expect(result.standardError.contains("logout --all"))
    }

    @Test func logoutWithoutADefaultCredentialSaysWhatIsStored() async throws {
        try await cli.run("login", "--org", "https://dev.azure.com/one", "--skip-verify", input: "t\n")
        let result = try await cli.run("logout")
        #expect(result.status == 1)
        #expect(result.standardError.contains("Tokens are stored for 1 organization"))
        #expect(result.standardError.contains("'logout --organization URL'"))
    }

    @Test func logoutAllOnATerminalAsksFirstAndListsWhatItRemoved() async throws {
        let cli = try await CLI.withExistingAccounts()
        let before = cli.files
        let refused = try await cli.run(["logout", "--all"], input: Array("n\n".utf8), inputIsTerminal: true)
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("Remove 2 tokens"))
        #expect(refused.standardError.contains("[y/N]"))
        #expect(cli.files == before, "nothing removed")

        let agreed = try await cli.run(["logout", "--all"], input: Array("y\n".utf8), inputIsTerminal: true)
        #expect(agreed.status == 0, "\(agreed.output)")
        #expect(agreed.standardError.contains("Removed the token for https://dev.azure.com/existing."))
        #expect(agreed.standardError.contains("Removed the default credential."))
    }

    @Test func logoutAllYesDoesNotAsk() async throws {
        let cli = try await CLI.withExistingAccounts()
        let result = try await cli.run(["logout", "--all", "--yes"], input: nil, inputIsTerminal: true)
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.standardError.contains("[y/N]"))
    }

    // MARK: feedback while waiting

    @Test func verifyAllPrintsTheFirstRowBeforeTheSlowOneAnswers() async throws {
        let server = try TestHTTPServer(tokens: ["good": "Jane Doe"])
        let output = Buffer()
        for name in ["alpha", "slow"] {
            try await cli.run(
                "login", "--org", server.organization(named: name), "--skip-verify", input: "good\n")
        }
        let cli = self.cli
        let run = Task {
            try await cli.run(["verify", "--all"], input: nil, errorIsTerminal: true, output: output)
        }
        try server.waitForRequests(to: "slow")
        try Patience.wait("the alpha row") {
            String(decoding: output.bytes, as: UTF8.self).contains(server.organization(named: "alpha"))
        }
        #expect(server.inFlight(.slow) == 1, "the slow organization has not answered yet")
        #expect(!String(decoding: output.bytes, as: UTF8.self).contains(server.organization(.slow)))
        server.release()
        let result = try await run.value
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix(server.organization(named: "alpha")))
        #expect(lines[2].hasPrefix(server.organization(.slow)))
        // The progress line was shown on the terminal and erased at the end.
        #expect(result.standardError.contains("Checking 2 organizations"))
        #expect(result.standardError.hasSuffix("\r\u{1B}[K"))
    }

    @Test func noProgressWhenStandardErrorIsNotATerminal() async throws {
        let server = try TestHTTPServer(tokens: ["good": "Jane Doe"])
        try await cli.run("login", "--org", server.organization(named: "one"), input: "good\n")
        let result = try await cli.run("verify", "--org", server.organization(named: "one"))
        #expect(result.status == 0)
        #expect(!result.standardError.contains("\r"))
        #expect(!result.standardError.contains("Checking"))
        let onTerminal = try await cli.run(
            ["login", "--org", server.organization(named: "one")], input: Array("good\n".utf8),
            errorIsTerminal: true)
        #expect(onTerminal.standardError.hasPrefix("\r\u{1B}[KChecking the token with "))
    }

    @Test func verifyTableHasAReasonColumnWithAShortPhrase() async throws {
        try await cli.run("login", "--org", "http://127.0.0.1:1/closed", "--skip-verify", input: "t\n")
        let result = try await cli.run("verify", "--org", "http://127.0.0.1:1/closed")
        #expect(result.status == 4)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix("IDENTITY              REASON"))
        #expect(lines[1].hasSuffix("could not connect"))
        #expect(!lines[1].contains("Failed to connect"), "libcurl's own wording is left to --json")
        #expect(lines.allSatisfy { $0.count < 120 })
    }

    @Test func loginTakesATimeoutAndAFailedCheckPointsToSkipVerify() async throws {
        let result = try await cli.run(
            "login", "--org", "http://127.0.0.1:1/closed", "--timeout", "2", input: "t\n")
        #expect(result.status == 4)
        #expect(result.standardError.contains("could not connect"))
        #expect(result.standardError.contains("--skip-verify"))
        let zero = try await cli.run("login", "--org", "x", "--timeout", "0", input: "t\n")
        #expect(zero.status == 2)
        #expect(zero.standardError.contains("more than 0"))
    }

    // MARK: usage errors and help

    @Test func anUnknownSubcommandSuggestsTheNearest() async throws {
        for fastPath in [true, false] {
            let result = try await cli.run(["lsit"], input: nil, fastPath: fastPath)
            #expect(result.status == 2)
            #expect(result.errorLines == ["ado-accounts: unknown command 'lsit'. Did you mean 'list'?"])
        }
        let far = try await cli.run("zzzzzz")
        #expect(far.errorLines == ["ado-accounts: unknown command 'zzzzzz'. See 'ado-accounts --help'."])
    }

    @Test func usageErrorsPointToTheSubcommandsHelp() async throws {
        let result = try await cli.run("verify", "--timeout", "0")
        #expect(result.status == 2)
        #expect(result.standardError.hasSuffix(" See 'ado-accounts verify --help'.\n"))
    }

    static let subcommands = [
        "", "login", "logout", "list", "use", "configure", "token", "verify", "status", "exec",
        "git-credential", "setup-git", "az-login", "az-logout", "migrate", "doctor", "tui",
    ]

    /// Every example in the sources' help (a line starting with `ado-accounts` or piping into
    /// it) appears whole, and no prose line is one word followed by more of its paragraph.
    @Test(arguments: subcommands) func helpWrapsToTheTerminalAndKeepsExamplesWhole(_ command: String)
        async throws
    {
        for columns in ["80", "60"] {
            let arguments = command.isEmpty ? ["--help"] : [command, "--help"]
            let help = try await cli.run(arguments, input: nil, environment: ["COLUMNS": columns])
                .standardOutput
            let overview = help.components(separatedBy: "\nUSAGE:")[0]
            let lines = overview.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let examples = lines.drop { $0 != "Examples:" }.dropFirst().prefix { $0.hasPrefix("  ") }
            #expect(
                !examples.isEmpty
                    || ["git-credential", "tui", "az-logout", "doctor", "status"].contains(command))
            for example in examples {
                #expect(
                    example.contains("ado-accounts"), "\(command) at \(columns): example split: \(example)")
            }
            for (line, next) in zip(lines, lines.dropFirst())
            where !line.isEmpty && !line.hasPrefix(" ") && !next.isEmpty {
                #expect(
                    line.split(separator: " ").count > 1 || line.hasSuffix(":"),
                    "\(command) at \(columns): a line of one word: \(line)")
            }
            #expect(lines.allSatisfy { $0.count <= Int(columns)! })
        }
    }

    // MARK: small slips

    @Test func migrateToFileWithoutAKeyringHasNothingToMove() async throws {
        let result = try await cli.run("migrate", "--to", "file")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.standardError.hasPrefix("Nothing to move from the keyring: "))
    }

    @Test func migrateToKeyringWithoutOneAdvisesNoOptionMigrateLacks() async throws {
        let result = try await cli.run("migrate", "--to", "keyring")
        #expect(result.status == 5)
        #expect(!result.standardError.contains("--store"))
        #expect(result.errorLines.count == 1, "\(result.errorLines)")
    }

    @Test func whitespaceAroundAPipedTokenIsRemovedAtBothEnds() async throws {
        let result = try await cli.run("login", input: " \tthe-token  \n")
        #expect(result.status == 0, "\(result.output)")
        #expect(FileSnapshot.text(cli.tokenFile)?.contains("= the-token\n") == true)
    }

    @Test func aTokenFileReadableByOthersIsNotCalledPrivate() async throws {
        try await cli.run("login", input: "first\n")
        chmod(cli.tokenFile, 0o644)
        let result = try await cli.run(
            ["login"], input: Array("second\n".utf8), environment: ["ADO_ACCOUNTS_STORE": "auto"])
        #expect(result.status == 0)
        #expect(!result.standardError.contains("readable only by you"))
        #expect(result.standardError.contains("is readable by others"))
    }

    @Test func aReplacedTokenIsAnnounced() async throws {
        try await cli.run("login", "--org", "one", "--skip-verify", input: "first\n")
        let first = try await cli.run("login", "--org", "two", "--skip-verify", input: "x\n")
        #expect(!first.standardError.contains("replaced"))
        let again = try await cli.run("login", "--org", "one", "--skip-verify", input: "second\n")
        #expect(again.errorLines.contains("The token stored before was replaced."))
    }

    private func git(_ arguments: String...) throws -> String {
        let result = try ChildProcess.run(
            ["/usr/bin/git"] + arguments,
            environment: ["HOME": cli.environment["HOME"]!, "PATH": inheritedPath])
        guard result.status == 0 else { throw TestSupportError("git \(arguments): \(result.status)") }
        return result.standardOutput.trimmingCharacters(in: .newlines)
    }
}
