import Foundation
import TestSupport
import Testing

/// Text from outside with escape sequences, C1 controls, bidi overrides and other controls, in
/// every place the screen shows outside text: organization names in organization_list and in
/// token-file sections (not organization URLs: raw rows, shown whole), the default organization
/// from the config, the identity a server names, the Azure CLI's account, the config
/// directory's path. The built binary in tmux: what the pane shows, its attributes, its title,
/// and every byte the program wrote stay inert.
@Suite("Hostile text in a real terminal", .serialized)
struct HostileTextTests {
    /// Sets the title, clears the screen, moves the cursor, asks for blink, strike-through and
    /// a direct colour, in 7-bit and 8-bit form, reverses the text, deletes and returns.
    static let hostile =
        "Mallory\u{1B}]0;pwned\u{7}\u{1B}[2J\u{1B}[5;5H\u{1B}[5;9;38;2;1;2;3m\u{9B}31m\u{202E}dlrow\u{7F}\u{8}\r\nend"
    static let bidiName = "idx\u{202E}exe.txt"
    static let isolateName = "file\u{2066}evil\u{2069}\u{FEFF}"
    static let pat = "hostilePATx7Kq2Wz"

    @Test func outsideTextIsDrawnInertEverywhere() throws {
        let root = try TemporaryDirectory("ado-tui-hostile")
        let server = try TestHTTPServer(tokens: [Self.pat: Self.hostile])
        let contoso = server.organization(named: "contoso")
        let plain = "https://dev.azure.com/plain"
        // Each on one line: a carriage return ends a line in these files, as in az's configparser.
        let hostileKeys = [
            "https://dev.azure.com/" + Self.bidiName, "https://dev.azure.com/" + Self.isolateName,
            "https://dev.azure.com/esc" + Self.hostile.replacingOccurrences(of: "\r\n", with: ""),
        ]
        // The config directory's own name is hostile too: the title shows its path.
        let configDirectory = root.appending("cfg\u{1B}[5m\u{202E}")
        try FileSnapshot.write(
            """
            [azdevops-cli:\(contoso)]
            personal access token = \(Self.pat)

            [azdevops-cli:\(plain)]
            personal access token = pat-plain

            [azdevops-cli:\(hostileKeys[1])]
            personal access token = pat-isolate

            [azdevops-cli:\(hostileKeys[2])]
            personal access token = pat-escape


            """, to: configDirectory + "/personalAccessTokens")
        try FileSnapshot.write(
            "azdevops-cli:\(contoso)\nazdevops-cli:\(plain)\n"
                + hostileKeys.map { "azdevops-cli:\($0)\n" }.joined(),
            to: configDirectory + "/organization_list")
        try FileSnapshot.write(
            "[defaults]\norganization = https://dev.azure.com/def\(Self.hostile.replacingOccurrences(of: "\r\n", with: ""))\n",
            to: configDirectory + "/config")
        chmod(configDirectory, 0o700)
        let profile = root.appending("azure/azureProfile.json")
        try FileSnapshot.write(
            """
            {"subscriptions": [{"id": "00000000-1111-2222-3333-444444444444", "name": "S", "state": "Enabled", \
            "user": {"name": "\(Self.jsonEscaped(Self.hostile))", "type": "user"}, "isDefault": true, \
            "tenantId": "72f988bf-0000-0000-0000-000000000001", "environmentName": "AzureCloud"}]}
            """, to: profile)

        let session = try TmuxSession(
            [adoAccountsBinary], width: 100, height: 30,
            environment: [
                "HOME": root.path, "AZURE_DEVOPS_EXT_CONFIG_DIR": configDirectory,
                "ADO_ACCOUNTS_STORE": "file",
                "AZURE_CONFIG_DIR": root.appending("azure"), "DBUS_SESSION_BUS_ADDRESS": nil,
            ])
        defer { session.close() }
        let log = root.appending("output.log")
        try session.recordOutput(to: log)
        let titleBefore = try session.paneTitle

        // The list, the title, the banner, the Azure CLI line; Ctrl-L sends every cell again,
        // so that the output log holds the first screen too.
        // The raw keys are wide: Azure DevOps Services organizations go by their bare names.
        try session.waitFor { $0.contains("5 organizations") && $0.contains("] plain ") }
        try session.send("C-l")
        try session.waitFor {
            $0.contains("Mallory\\u{1b}]0;pwned") && $0.contains("cfg\\u{1b}[5m\\u{202e}")
        }
        var screen = try session.settledScreen()
        // az could have stored them: listed whole (raw keys), their controls made visible.
        #expect(screen.contains("azdevops-cli:https://dev.azure.com/idx\\u{202e}exe.txt"), "\(screen)")
        #expect(
            screen.contains("azdevops-cli:https://dev.azure.com/file\\u{2066}evil\\u{2069}\\u{feff}"),
            "\(screen)")
        #expect(screen.contains("azdevops-cli:https://dev.azure.com/escMallory\\u{1b}]0;pwned"), "\(screen)")
        #expect(screen.contains("Azure CLI: Mallory\\u{1b}]0;pwned"), "the Azure CLI line: \(screen)")
        #expect(screen.contains("defMallory\\u{1b}]0;pwned"), "the banner: \(screen)")
        try expectInert(session, log: log, titleBefore: titleBefore, "the list")

        // The status line and the IDENTITY column, after a check names the hostile identity.
        try moveCursor(session, to: "/contoso")
        try session.send("v")
        screen = try session.waitFor { Self.flat($0).contains("valid, signed in as Mallory\\u{1b}]0;pwned") }
        // Cut short: the raw keys leave the IDENTITY column its minimum width.
        #expect(
            Self.lines(screen).first { $0.contains("/contoso") }?.contains("Mallory\\u") == true, "\(screen)")
        try expectInert(session, log: log, titleBefore: titleBefore, "the status line after v")

        // The footer describes the row once the status is dismissed (moving away and back):
        // the Azure CLI's account is tried first.
        try session.send("G")
        try session.waitFor { Self.lines($0).first?.contains(" 5/5") == true }
        try moveCursor(session, to: "/contoso")
        try session.waitFor { Self.flat($0).contains("Azure CLI token tried first (Mallory\\u{1b}]0;pwned") }
        try expectInert(session, log: log, titleBefore: titleBefore, "the footer")

        // A login names the identity in its status.
        try session.send("a")
        try session.waitFor("Log in")
        try session.type(server.organization(named: "other"))
        try session.send("Tab")
        try session.type(Self.pat)
        try session.send("Enter")
        try session.waitFor { Self.flat($0).contains("/other as Mallory\\u{1b}]0;pwned") }
        try expectInert(session, log: log, titleBefore: titleBefore, "the login's status")

        // The logout confirmation lists the names and says what becomes of the default.
        for name in ["] plain ", "/contoso"] {
            try moveCursor(session, to: name)
            try session.send("Space")
            try session.waitFor { Self.lines($0).first { $0.contains(name) }?.contains("[x]") == true }
        }
        try session.send("d")
        try session.waitFor("Log out of these 2 credentials?")
        screen = try session.settledScreen()
        #expect(screen.contains("  dev.azure.com/plain"), "\(screen)")
        #expect(screen.contains("The default organization stays"), "\(screen)")
        #expect(screen.contains("│ dev.azure.com/defMallory\\u{1b}]0;pwned"), "\(screen)")
        try expectInert(session, log: log, titleBefore: titleBefore, "the logout confirmation")
        try session.send("y")
        try session.waitFor("Logged out of ")
        try expectInert(session, log: log, titleBefore: titleBefore, "the logout's status")

        try session.send("q")
        #expect(try session.waitForExit() == 0)
        // tmux's pipe-pane writes the log through `cat`, which may still be at it.
        #expect(
            Patience.waitQuietly { (FileSnapshot.bytes(log)?.count ?? 0) > 1000 }, "the output was recorded")
        let output = FileSnapshot.bytes(log) ?? []
        #expect(Inertness.foreignSequences(in: output).isEmpty, "\(Inertness.foreignSequences(in: output))")
    }

    /// The checks fail where they should: the same text written raw by printf changes the
    /// title and the attributes, and leaves controls in the pane and in the output.
    @Test func theChecksCatchTheTextWrittenRaw() throws {
        let root = try TemporaryDirectory("ado-tui-hostile-raw")
        let text = Self.hostile + "\u{202E}x"
        // The text is written once the output is recorded: the shell waits for the file `go`.
        let go = root.appending("go")
        let session = try TmuxSession(
            [
                "/bin/sh", "-c", "until [ -e \"$1\" ]; do sleep 0.01; done; printf '%s' \"$0\"; sleep 600",
                text, go,
            ],
            width: 100, height: 30)
        defer { session.close() }
        let log = root.appending("output.log")
        try session.recordOutput(to: log)
        try FileSnapshot.write("", to: go)
        try session.waitFor { $0.contains("end") }
        // tmux's pipe-pane writes the log through `cat`, which may still be at it.
        try Patience.wait("the output log") { FileSnapshot.text(log)?.hasSuffix("end\u{202E}x") == true }
        #expect(try session.paneTitle == "pwned")
        #expect(!Inertness.injectedAttributes(in: try session.captureAll()).isEmpty)
        #expect(Inertness.strayControls(in: try session.captureAll(escapes: false)) == ["U+202E"])
        let output = FileSnapshot.bytes(log) ?? []
        #expect(Inertness.foreignSequences(in: output) == ["OSC", "C1 U+009B"])
        let screen = try session.screen()
        #expect(!(screen.ranges(of: "dlrow").allSatisfy { screen[..<$0.lowerBound].hasSuffix("\\u{202e}") }))
    }

    /// What the pane holds (history included) and what the program wrote are inert: no control
    /// character, bidi override or injected attribute; the title unchanged; the screen laid out
    /// (a clear or a cursor move would have broken it), every fragment after its sanitized escape.
    private func expectInert(
        _ session: TmuxSession, log: String, titleBefore: String, _ step: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let screen = try session.settledScreen()
        let text = try session.captureAll(escapes: false)
        let attributed = try session.captureAll(escapes: true)
        #expect(
            Inertness.strayControls(in: text).isEmpty, "\(step): \(Inertness.strayControls(in: text))",
            sourceLocation: sourceLocation)
        #expect(
            Inertness.strayControls(in: attributed, allowingEscape: true).isEmpty, "\(step)",
            sourceLocation: sourceLocation)
        #expect(
            Inertness.injectedAttributes(in: attributed).isEmpty,
            "\(step): \(Inertness.injectedAttributes(in: attributed))", sourceLocation: sourceLocation)
        let title = try session.paneTitle
        #expect(
            title == titleBefore && !title.contains("pwned"), "\(step): title \(title)",
            sourceLocation: sourceLocation)
        let lines = Self.lines(screen)
        #expect(
            lines.count == 30 && lines[0].hasPrefix(" ado-accounts"), "\(step): \(screen)",
            sourceLocation: sourceLocation)
        #expect(
            lines.contains { $0.contains("ORGANIZATION") }, "\(step): \(screen)",
            sourceLocation: sourceLocation)
        for fragment in ["pwned", "dlrow", "31m"] {
            for range in screen.ranges(of: fragment) {
                let before = screen[screen.startIndex..<range.lowerBound].suffix(8)
                #expect(
                    before.hasSuffix("]0;") || before.hasSuffix("\\u{202e}") || before.hasSuffix("\\u{9b}"),
                    "\(step): '\(fragment)' drawn on its own: \(screen)", sourceLocation: sourceLocation)
            }
        }
        let output = FileSnapshot.bytes(log) ?? []
        #expect(
            Inertness.foreignSequences(in: output).isEmpty,
            "\(step): \(Inertness.foreignSequences(in: output))",
            sourceLocation: sourceLocation)
        let bidi = [[0xE2, 0x80, 0xAE], [0xE2, 0x81, 0xA6], [0xE2, 0x81, 0xA9]] as [[UInt8]]
        #expect(
            bidi.allSatisfy { output.firstRange(of: $0) == nil } && !output.contains(0x7F),
            "\(step): a bidi override or DEL reached the terminal", sourceLocation: sourceLocation)
    }

    /// Moves the cursor to the row containing `text`: to the top, then down, each step seen in
    /// the title's position counter.
    private func moveCursor(_ session: TmuxSession, to text: String) throws {
        try session.send("g")
        let screen = try session.waitFor { Self.lines($0).first?.contains(" 1/") == true }
        let lines = Self.lines(screen)
        guard let row = lines.firstIndex(where: { $0.contains(text) }),
            let first = lines.firstIndex(where: { $0.contains("[ ]") || $0.contains("[x]") })
        else { throw TestSupportError("no row \(text): \(screen)") }
        for position in stride(from: 2, through: row - first + 1, by: 1) {
            try session.send("j")
            try session.waitFor { Self.lines($0).first?.contains(" \(position)/") == true }
        }
    }

    static func lines(_ screen: String) -> [String] {
        var lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The screen's lines joined with single spaces, for text the footer wraps.
    static func flat(_ screen: String) -> String {
        lines(screen).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(
            separator: " ")
    }

    static func jsonEscaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: result += "\\\""
            case 0x5C: result += "\\\\"
            case 0..<0x20, 0x7F...0x9F: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
