import Foundation
import TestSupport
import Testing

/// L and O with a scripted az, m with a real gnome-keyring, and the doctor banner: the built
/// binary in a real terminal (tmux).
@Suite("The Azure CLI, the keyring and doctor, in a real terminal", .serialized)
struct AzureCLITerminalTests {
    static let jane = ScriptedAzureCLI.Account(
        user: "jane@contoso.com", tenant: "72f988bf-0000-0000-0000-000000000001")
    /// Given to the program in AZURE_DEVOPS_EXT_PAT; must never reach az.
    static let variablePAT = "extPATq7Z9wXmustNotLeak"

    /// A terminal whose PATH finds the scripted az first; its `az login` waits for Enter after
    /// printing the device code, so the test sees az holding the terminal.
    func scripted(_ organizations: [String]) throws -> (TerminalFixture, ScriptedAzureCLI) {
        let fixture = try TerminalFixture()
        try fixture.seed(organizations)
        let az = try ScriptedAzureCLI()
        try az.onLogin([Self.jane])
        fixture.environment["PATH"] = az.binDirectory + ":" + inheritedPath
        fixture.environment["AZURE_CONFIG_DIR"] = az.configDirectory
        fixture.environment["FAKE_AZ_WAIT_FOR_ENTER"] = "1"
        fixture.environment["AZURE_DEVOPS_EXT_PAT"] = Self.variablePAT
        return (fixture, az)
    }

    static func line(_ screen: String, _ number: Int) -> String {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        return number < lines.count ? String(lines[number]) : ""
    }

    /// A child of `parent` by name. Every thread's children: the main actor's code (and so the
    /// spawn of az) runs on a dispatch thread, not on the process's first thread.
    static func child(of parent: Int32, named name: String) throws -> Int32 {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(parent)/task")) ?? []
        for task in tasks {
            let children = FileSnapshot.text("/proc/\(parent)/task/\(task)/children") ?? ""
            for pid in children.split(separator: " ").compactMap({ Int32($0) })
            where FileSnapshot.text("/proc/\(pid)/comm")?.hasPrefix(name) == true {
                return pid
            }
        }
        throw TestSupportError("no child \(name) of \(parent)")
    }

    /// Whether a signal sent to the process is still waiting to be delivered to one of its threads.
    static func isPending(_ signal: Int32, in pid: Int32) -> Bool {
        let status = FileSnapshot.text("/proc/\(pid)/status") ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("ShdPnd:") } ?? ""
        let mask =
            UInt64(line.dropFirst("ShdPnd:".count).trimmingCharacters(in: .whitespaces), radix: 16) ?? 0
        return mask & (1 << UInt64(signal - 1)) != 0
    }

    @Test func lSignsInThroughAzWithTheTerminalAndOSignsOut() throws {
        let (fixture, az) = try scripted(["alpha", "bravo"])
        let session = try fixture.startShell()
        defer { session.close() }
        let sane = try session.terminalFlags()
        try session.start("\"$BIN\"")
        // Started with the PAT variable.
        try session.waitFor {
            Self.line($0, 1).hasPrefix(" Azure CLI: not signed in")
                && $0.contains("AZURE_DEVOPS_EXT_PAT is set")
        }
        let program = try session.process(named: "ado-accounts")

        // az has the terminal: its text, not the manager; the terminal's own modes; the normal
        // screen; no mouse reporting; and it reads the keys (the Enter that ends its wait).
        try session.send("L")
        let during = try session.waitFor("enter the code FAKE-CODE")
        #expect(!during.contains("ORGANIZATION") && !during.contains("Azure CLI:"))
        let modes = try session.terminalFlags()
        #expect(modes.contains("icanon") && modes.contains("echo") && modes.contains("ixon"))
        #expect(try session.paneValue("#{alternate_on}") == "0")
        #expect(try session.paneValue("#{mouse_any_flag}") == "0")
        try session.send("Enter")

        // Every wait names all it reads: a capture may come between two lines of one repaint.
        try session.waitFor {
            Self.line($0, 1).hasPrefix(" Azure CLI: jane@contoso.com") && $0.contains("ORGANIZATION")
                && $0.contains("Azure CLI: signed in as jane@contoso.com.")
        }
        #expect(try session.paneValue("#{alternate_on}") == "1")
        #expect(try session.terminalFlags().contains("-icanon"), "curses mode again")
        try session.send("j", "k")
        try session.waitFor("Azure CLI token tried first (jane@contoso.com);")

        try session.send("O")
        try session.waitFor("Sign out of the Azure CLI (jane@contoso.com)?")
        try session.send("y")
        try session.waitFor {
            Self.line($0, 1).hasPrefix(" Azure CLI: not signed in")
                && $0.contains("Azure CLI: signed out; stored PATs apply again.")
        }

        let calls = az.calls
        #expect(calls.count == 2)
        #expect(calls.first?.hasPrefix("login\n") == true)
        #expect(calls.last?.hasPrefix("logout\n") == true)
        for call in calls {
            #expect(!call.contains("AZURE_DEVOPS_EXT_PAT"), "az's environment has no PAT variable")
            #expect(!call.contains(Self.variablePAT))
        }

        try session.send("q")
        try session.waitForPrompt(after: program)
        let shown = try session.shell("echo status=$?")
        #expect(shown.contains("\nstatus=0"))
        #expect(try session.terminalFlags() == sane)
        #expect(!session.seen.contains { $0.contains(Self.variablePAT) })
    }

    @Test func ctrlCWhileAzRunsStopsAzAndTheManagerStays() throws {
        let (fixture, az) = try scripted(["alpha"])
        let session = try fixture.startShell()
        defer { session.close() }
        let sane = try session.terminalFlags()
        try session.start("\"$BIN\"")
        try session.waitFor("Azure CLI: not signed in")
        let program = try session.process(named: "ado-accounts")
        try session.send("L")
        try session.waitFor("enter the code FAKE-CODE")
        try session.send("C-c")
        try session.waitFor {
            $0.contains("ORGANIZATION")
                && $0.contains("az login was interrupted; the Azure CLI is not signed in.")
        }
        #expect(FileManager.default.fileExists(atPath: "/proc/\(program)"))
        #expect(az.calls.count == 1)
        try session.send("q")
        try session.waitForPrompt(after: program)
        #expect(try session.shell("echo status=$?").contains("\nstatus=0"), "the manager was not interrupted")
        #expect(try session.terminalFlags() == sane)
    }

    @Test func ctrlZWhileAzRunsSuspendsBothAndFgResumesAz() throws {
        let (fixture, scriptedAz) = try scripted(["alpha"])
        defer { withExtendedLifetime(scriptedAz) {} }
        let session = try fixture.startShell()
        defer { session.close() }
        let sane = try session.terminalFlags()
        try session.start("\"$BIN\"")
        try session.waitFor("Azure CLI: not signed in")
        let program = try session.process(named: "ado-accounts")
        try session.send("L")
        try session.waitFor("enter the code FAKE-CODE")
        let az = try Self.child(of: program, named: "az")

        try session.send("C-z")
        try session.waitFor("Stopped")
        // (The shell reports the job once the manager stops; az gets its own SIGTSTP.)
        #expect(
            Patience.waitQuietly {
                ProcessProbe.state(of: program) == "T" && ProcessProbe.state(of: az) == "T"
            },
            "the manager is stopped with az")
        #expect(try session.terminalFlags() == sane, "the shell has its terminal")

        try session.start("fg")
        #expect(Patience.waitQuietly { ProcessProbe.state(of: az) != "T" }, "fg continues az")
        try session.send("Enter")
        try session.waitFor { Self.line($0, 1).hasPrefix(" Azure CLI: jane@contoso.com") }
        try session.send("q")
        try session.waitForPrompt(after: program)
        #expect(try session.shell("echo status=$?").contains("\nstatus=0"))
        #expect(try session.terminalFlags() == sane)
    }

    @Test func aSIGTERMWhileAzRunsEndsTheManagerOnceAzHasEnded() throws {
        let (fixture, scriptedAz) = try scripted(["alpha"])
        defer { withExtendedLifetime(scriptedAz) {} }
        let session = try fixture.startShell()
        defer { session.close() }
        let sane = try session.terminalFlags()
        try session.start("\"$BIN\"")
        try session.waitFor("Azure CLI: not signed in")
        let program = try session.process(named: "ado-accounts")
        try session.send("L")
        try session.waitFor("enter the code FAKE-CODE")
        let az = try Self.child(of: program, named: "az")
        kill(program, SIGTERM)
        // az keeps the terminal; the manager waits for it rather than leaving it orphaned: once
        // the manager has taken the signal, both are still there, az waiting for its Enter.
        try Patience.wait("the manager to take SIGTERM") { !Self.isPending(SIGTERM, in: program) }
        #expect(
            Patience.waitQuietly { ProcessProbe.state(of: az) == "S" },
            "az waits: \(ProcessProbe.state(of: az) ?? "gone")")
        #expect(ProcessProbe.state(of: program).map { $0 != "Z" } == true, "the manager is still running")
        try session.send("Enter")
        try session.waitForPrompt(after: program)
        #expect(try session.shell("echo status=$?").contains("\nstatus=143"))
        #expect(try session.terminalFlags() == sane)
    }

    @Test func withoutAzLShowsHowToInstallItAndTheScreenStays() throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha"])
        // A PATH without az, whatever this machine has installed.
        let empty = fixture.root.appending("empty-bin")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let session = try fixture.start(environment: ["PATH": empty])
        defer { session.close() }
        try session.waitFor { Self.line($0, 1) == " Azure CLI: not installed" }
        try session.send("L")
        // (Both lines of the status: a capture may come between two lines of one repaint.)
        let screen = try session.waitFor {
            $0.contains("The Azure CLI (az) is not installed. Install the Azure CLI:")
                && $0.contains("https://learn.microsoft.com/cli/azure/install-azure-cli-linux")
        }
        #expect(screen.contains("ORGANIZATION") && screen.contains("1 organization"))

        // m without a keyring: the reason, and the token stays where it is.
        try session.send("m")
        try session.waitFor("The keyring cannot be used: there is no D-Bus session bus")
        #expect(FileSnapshot.text(fixture.tokenFile)?.contains("pat-alpha") == true)
        try session.send("q")
        #expect(try session.waitForExit() == 0)
    }

    @Test func theDoctorBannerAppearsAndGoesWhenTheProblemIsGone() throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha"])
        // az devops or an interrupted tool left an index line without a token.
        let ghost = "azdevops-cli:https://dev.azure.com/ghost\n"
        try FileSnapshot.write((FileSnapshot.text(fixture.indexFile) ?? "") + ghost, to: fixture.indexFile)
        let session = try fixture.start(width: 40, height: 10)
        defer { session.close() }
        let screen = try session.waitFor(" ! 1 problem: run ado-accounts doctor")
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 40 })
        try session.resize(width: 80, height: 24)
        try session.waitFor("1 problem with the stored tokens: run 'ado-accounts doctor --fix'.")

        // Logging out of the ghost removes the line, and the banner follows.
        let rows = try session.waitFor { $0.contains("[ ] dev.azure.com/ghost") && $0.contains("[ ] http") }
            .split(separator: "\n")
        let position = try #require(rows.firstIndex { $0.contains("[ ] dev.azure.com/ghost") })
        let alpha = try #require(rows.firstIndex { $0.contains("[ ] http") })
        try session.send(position > alpha ? "End" : "Home", "d")
        try session.waitFor("Log out of dev.azure.com/ghost?")
        try session.send("y")
        try session.waitFor { !$0.contains("problem") && $0.contains("Logged out of dev.azure.com/ghost.") }
        #expect(FileSnapshot.text(fixture.indexFile)?.contains("ghost") == false)
        try session.send("q")
        #expect(try session.waitForExit() == 0)
    }

    static var keyringComponents: Bool {
        ["/usr/bin/gnome-keyring-daemon", "/usr/bin/dbus-run-session"].allSatisfy {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// The platform notes' recipe in the terminal: a private session bus and an unlocked,
    /// throw-away gnome-keyring, both gone when the program ends.
    @Test(
        .enabled(
            if: keyringComponents || ProcessInfo.processInfo.environment["REQUIRE_SECRET_SERVICE"] == "1"))
    func mMovesATokenFromTheFileToARealKeyring() throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha", "bravo"])
        let runtime = fixture.root.appending("runtime")
        try FileManager.default.createDirectory(
            atPath: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let script = """
            echo | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null || exit 99
            \(SecretServiceReadiness.shellWait)
            "$1"; status=$?
            echo "listing:"; "$1" list
            exit $status
            """
        let session = try TmuxSession(
            ["dbus-run-session", "--", "sh", "-c", script, "sh", adoAccountsBinary],
            environment: fixture.environment.merging([
                "ADO_ACCOUNTS_STORE": nil, "XDG_RUNTIME_DIR": runtime,
                "XDG_DATA_HOME": fixture.root.appending("data"),
            ]) { $1 })
        defer { session.close() }
        let alpha = fixture.organization("alpha")
        // The keyring is in use, and alpha's token is in the file.
        try session.waitFor {
            $0.contains("2 organizations") && $0.contains("keyring Secret Service")
                && $0.split(separator: "\n").first { $0.contains("[ ] \(alpha)") }?.contains("  file  ")
                    == true
        }

        try session.send("m")
        try session.waitFor("to the keyring.")
        try session.waitFor { screen in
            screen.split(separator: "\n").first { $0.contains("[ ] \(alpha)") }?.contains("  keyring  ")
                == true
                && screen.contains("Moved the token for \(alpha) from the file to the keyring.")
        }
        let file = FileSnapshot.text(fixture.tokenFile) ?? ""
        #expect(!file.contains("pat-alpha") && file.contains("pat-bravo"), "only alpha left the file")

        try session.send("q")
        #expect(try session.waitForExit() == 0)
        let listing = try session.screen()
        let row = listing.split(separator: "\n").first { $0.contains(alpha) } ?? ""
        #expect(row.contains("keyring"), "az's order reads it from the keyring now: \(listing)")
    }
}
