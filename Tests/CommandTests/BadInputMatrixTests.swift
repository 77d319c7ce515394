import Foundation
import TestSupport
import Testing

/// The cases of the bad-input matrix that BadInputTests does not already cover: more tokens
/// and organizations, files damaged in ways that a rewrite must survive, and outside text
/// (server identities, file contents) that must reach no terminal as an escape.
@Suite struct BadInputMatrixTests {
    let cli: CLI

    init() async throws {
        cli = try await CLI.withExistingAccounts()
    }

    static let badTokens: [(String, [UInt8], String)] = [
        ("a C1 CSI inside", Array("abc\u{9B}2Jdef\n".utf8), "control character"),
        ("a bidirectional override inside", Array("abc\u{202E}def\n".utf8), "control character"),
        ("a zero-width space inside", Array("abc\u{200B}def\n".utf8), "control character"),
        ("a carriage return inside", Array("abc\rdef\n".utf8), "control character"),
        ("a tab inside", Array("abc\tdef\n".utf8), "control character"),
        ("a no-break space inside", Array("abc\u{A0}def\n".utf8), "whitespace"),
        ("DEL inside", Array("abc\u{7F}def\n".utf8), "control character"),
        ("an empty first line before the token", Array("\nthe-real-token\n".utf8), "The token is empty"),
        (
            "1 MiB on one line, then a newline",
            [UInt8](repeating: UInt8(ascii: "y"), count: 1 << 20) + [0x0A], "longer than 1024"
        ),
        ("an overlong UTF-8 encoding", [0x61, 0xC0, 0xAF, 0x62, 0x0A], "not valid UTF-8"),
        ("a lone surrogate in UTF-8", [0x61, 0xED, 0xA0, 0x80, 0x0A], "not valid UTF-8"),
    ]

    @Test(arguments: badTokens.indices)
    func moreBadTokensAreRefusedAndNothingChanges(index: Int) async throws {
        let (label, input, message) = Self.badTokens[index]
        for arguments in [["login"], ["login", "--org", "https://dev.azure.com/existing", "--skip-verify"]] {
            let before = cli.files
            let result = try await cli.run(arguments, input: input)
            #expect(result.status == 2, "\(label)")
            #expect(result.errorLines.count == 1, "\(label): \(result.standardError)")
            #expect(result.standardError.contains(message), "\(label): \(result.standardError)")
            #expect(
                !result.standardError.contains("abc") && !result.standardError.contains("def"),
                "\(label): the token is not echoed")
            #expect(cli.files == before, "\(label)")
        }
    }

    /// "A PAT with a newline": as az does, only the first line of standard input is the token.
    /// What follows the newline is never read as part of it, stored, or shown.
    @Test func onlyTheFirstLineIsTheToken() async throws {
        let result = try await cli.run(
            ["login", "--org", "https://dev.azure.com/two-lines", "--skip-verify"],
            input: Array("first-line\nsecond-line\n".utf8))
        #expect(result.status == 0, "\(result.output)")
        #expect(try await cli.run("token", "--org", "two-lines").standardOutput == "first-line\n")
        #expect(!(FileSnapshot.text(cli.tokenFile) ?? "").contains("second-line"))
        #expect(!result.output.contains("second-line"))
    }

    @Test func aTokenFollowedByAMebibyteOfJunkIsReadWithoutTheJunk() async throws {
        let input = Array("good-token\n".utf8) + [UInt8](repeating: 0xFF, count: 1 << 20)
        let result = try await cli.run(["login"], input: input)
        #expect(result.status == 0, "\(result.output)")
        #expect(
            try await cli.run("token", "--org", "https://dev.azure.com/any").standardOutput == "good-token\n")
    }

    static let badOrganizations: [(String, String)] = [
        ("data:text/html,<script>", "scheme 'data'"),
        ("ftp://dev.azure.com/org", "scheme 'ftp'"),
        ("vbscript:msgbox", "scheme 'vbscript'"),
        ("https://", "no host name"),
        ("https://:443/org", "no host name"),
        ("https://dev.azure.com:99999/org", "invalid port"),
        ("https://user:@dev.azure.com/org", "contains a password"),
        ("https://:secret@dev.azure.com/org", "contains a password"),
        (" contoso", "a space"),
        ("contoso\n", "control character"),
        ("https://dev.azure.com/org\u{202E}gro", "control character"),
        ("https://dev.azure.com/org\u{9B}31m", "control character"),
        ("https://dev.azure.com/\u{7F}", "control character"),
        ("https://[::1/org", "unterminated IPv6 address"),
        ("https://dev azure.com/org", "a space"),
    ]

    @Test(arguments: badOrganizations.indices)
    func moreBadOrganizationsAreRefusedEverywhere(index: Int) async throws {
        let (organization, message) = Self.badOrganizations[index]
        for arguments in [
            ["login", "--org", organization], ["logout", "--org", organization], ["use", organization],
            ["token", "--org", organization], ["verify", "--org", organization],
            ["configure", "--defaults", "organization=" + organization],
        ] {
            let before = cli.files
            let result = try await cli.run(arguments, input: Array("a-token\n".utf8))
            #expect(result.status == 2, "\(arguments[0]) \(organization.debugDescription): \(result.output)")
            #expect(result.errorLines.count == 1, "\(arguments[0]): \(result.standardError)")
            #expect(
                result.standardError.contains(message),
                "\(arguments[0]) \(organization.debugDescription): \(result.standardError)")
            #expect(Self.inert(result.output), "\(arguments[0]): \(result.output.debugDescription)")
            #expect(!result.standardError.contains("secret"), "the password is not repeated")
            #expect(cli.files == before)
        }
    }

    // MARK: - Damaged files that a rewrite must survive

    /// configparser's leniencies and az's own habits at once: a byte-order mark, CRLF, a junk
    /// line, a duplicate [defaults], `%%` and a lone `%`, a comment and a foreign section. A
    /// change rewrites only its own line, with the file's CRLF ending; everything else
    /// survives (the mark, which configparser does not read past, is dropped).
    @Test func aDamagedConfigKeepsEverythingThroughARewrite() async throws {
        let damaged =
            "\u{FEFF}[defaults]\r\norganization = https://dev.azure.com/existing\r\njunk line\r\n; a comment\r\n[extra]\r\nkeep = 50%% off\r\n[defaults]\r\nproject = 100%% sure\r\nother = 5% raw\r\n"
        try FileSnapshot.write(damaged, to: cli.configFile)
        let configure = try await cli.run("configure", "--defaults", "project=Changed 10%")
        #expect(configure.status == 0, "\(configure.output)")
        #expect(
            FileSnapshot.text(cli.configFile)
                == "[defaults]\r\norganization = https://dev.azure.com/existing\r\njunk line\r\n; a comment\r\n[extra]\r\nkeep = 50%% off\r\n[defaults]\r\nproject = Changed 10%%\r\nother = 5% raw\r\n"
        )
        let list = try await cli.run("list")
        #expect(list.standardOutput.contains("* https://dev.azure.com/existing"), "\(list.output)")
        #expect(list.standardOutput.contains("Default project: Changed 10%"))

        let use = try await cli.run("use", "https://dev.azure.com/other")
        #expect(use.status == 0, "\(use.output)")
        let text = FileSnapshot.text(cli.configFile) ?? ""
        #expect(
            text.contains("keep = 50%% off") && text.contains("junk line") && text.contains("; a comment")
                && text.contains("other = 5% raw"))
        #expect(
            try await cli.run("use", "-").standardError.contains(
                "Default organization: https://dev.azure.com/existing"))
        #expect(FileSnapshot.mode(cli.configFile) == 0o600)
    }

    @Test func aTokenFileSectionWithoutAValueIsNoTokenAndCanBeLoggedOutOrFilled() async throws {
        try FileSnapshot.write(
            "[azdevops-cli:https://dev.azure.com/novalue]\n\n[azdevops-cli:https://dev.azure.com/emptyvalue]\npersonal access token =\n\n[azdevops-cli: default]\npersonal access token = default-token\n\n",
            to: cli.tokenFile)
        #expect(
            try await cli.run("token", "--org", "novalue").standardOutput == "default-token\n",
            "no own token: the default credential")
        #expect(try await cli.run("token", "--org", "emptyvalue").standardOutput == "default-token\n")
        let logout = try await cli.run("logout", "--org", "novalue")
        #expect(logout.status == 0, "\(logout.output)")
        #expect(!(FileSnapshot.text(cli.tokenFile) ?? "").contains("novalue"))
        let login = try await cli.run(
            "login", "--org", "emptyvalue", "--skip-verify", input: "filled-token\n")
        #expect(login.status == 0, "\(login.output)")
        #expect(try await cli.run("token", "--org", "emptyvalue").standardOutput == "filled-token\n")
        #expect(
            try await cli.run("token", "--org", "https://dev.azure.com/any").standardOutput
                == "default-token\n")
    }

    @Test func anIndexWithBlankAndGarbageLinesKeepsItsKeysThroughChanges() async throws {
        try FileSnapshot.write(
            "\n  \ngarbage line\nazdevops-cli:https://dev.azure.com/existing\r\n\u{1B}[2Jnot a key\nazdevops-cli: default\nazdevops-cli:https://dev.azure.com/existing\n",
            to: cli.indexFile)
        let login = try await cli.run(
            "login", "--org", "https://dev.azure.com/added", "--skip-verify", input: "t\n")
        #expect(login.status == 0, "\(login.output)")
        #expect(
            FileSnapshot.text(cli.indexFile)
                == "garbage line\nazdevops-cli:https://dev.azure.com/existing\n\u{1B}[2Jnot a key\nazdevops-cli: default\nazdevops-cli:https://dev.azure.com/existing\nazdevops-cli:https://dev.azure.com/added\n"
        )
        let logout = try await cli.run("logout", "--org", "existing")
        #expect(logout.status == 0, "\(logout.output)")
        #expect(
            FileSnapshot.text(cli.indexFile)
                == "garbage line\n\u{1B}[2Jnot a key\nazdevops-cli: default\nazdevops-cli:https://dev.azure.com/added\n"
        )
        let list = try await cli.run("list")
        #expect(Self.inert(list.output), "\(list.output.debugDescription)")
        #expect(!list.output.contains("garbage") && !list.output.contains("not a key"))
    }

    // MARK: - Outside text is shown inert

    static let hostile = "Mallory\u{1B}]0;pwned\u{7}\u{1B}[2J\u{9B}31m\u{202E}dlrow\u{7F}\u{2028}end"

    /// Nothing a terminal acts on: no C0 but the newline, no DEL, no C1, no bidirectional or
    /// other format character, no line or paragraph separator.
    static func inert(_ text: String) -> Bool {
        !text.unicodeScalars.contains { scalar in
            let value = scalar.value
            if value == 0x0A { return false }
            if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
            let category = scalar.properties.generalCategory
            return category == .format || category == .lineSeparator || category == .paragraphSeparator
        }
    }

    @Test func aServerIdentityWithEscapesIsShownInert() async throws {
        let server = try TestHTTPServer(tokens: ["evil-token": Self.hostile])
        let organization = server.organization(named: "evil")
        var outputs = [try await cli.run("login", "--org", organization, input: "evil-token\n")]
        #expect(outputs[0].status == 0, "\(outputs[0].output)")
        outputs.append(try await cli.run("verify", "--org", organization))
        outputs.append(try await cli.run("verify", "--all"))
        outputs.append(try await cli.run("verify", "--org", organization, "--json"))
        for result in outputs {
            #expect(Self.inert(result.output), "\(result.output.debugDescription)")
            #expect(result.output.contains("Mallory"), "the identity is shown")
        }
        let json =
            try JSONSerialization.jsonObject(with: Data(outputs[3].standardOutput.utf8)) as? [String: Any]
        let identity =
            ((json?["results"] as? [[String: Any]])?.first?["identity"] as? [String: Any])?["displayName"]
            as? String
        #expect(identity == Self.hostile, "JSON readers still get the exact name")
    }

    @Test func fileContentsWithEscapesAreShownInert() async throws {
        try FileSnapshot.write(
            "[defaults]\norganization = https://dev.azure.com/x\(Self.hostile)\nproject = \(Self.hostile)\n[\(Self.hostile)]\nkey\(Self.hostile) = \(Self.hostile)\n",
            to: cli.configFile)
        try FileSnapshot.write(
            "previous = \(Self.hostile)\n[use]\nprevious = https://dev.azure.com/\(Self.hostile)\n",
            to: cli.configDirectory + "/ado-accounts.state")
        for arguments in [
            ["list"], ["list", "--json"], ["configure", "--list"], ["use", "-"], ["doctor"],
            ["doctor", "--json"], ["status"], ["status", "--json"], ["verify"],
        ] {
            let result = try await cli.run(arguments, input: nil)
            #expect(Self.inert(result.output), "\(arguments): \(result.output.debugDescription)")
        }
    }
}
