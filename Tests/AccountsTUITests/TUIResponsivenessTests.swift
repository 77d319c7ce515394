import Foundation
import TestSupport
import Testing

/// The account manager stays usable while the outside world misbehaves: servers that hang,
/// drip a byte a second or send an endless body while checks and a login wait for them, and a
/// keyring daemon that dies under it. The built binary in tmux. The generous waits below are
/// watchdogs far above what the behaviour needs (the checks' own timeout is 10 s).
@Suite("Responsiveness in a real terminal", .serialized)
struct TUIResponsivenessTests {
    static func lines(_ screen: String) -> [String] {
        screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The screen's text as one line, without the box's sides: for messages that wrap.
    static func flat(_ screen: String) -> String {
        lines(screen).map { $0.replacingOccurrences(of: "│", with: " ").trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func row(_ screen: String, _ name: String) -> String {
        lines(screen).first { $0.contains("/\(name) ") } ?? ""
    }

    /// The checks ended (their 10 s timeout) before a round of keys was done.
    struct ChecksEnded: Error {}

    /// `V` over rows served by hang, drip and endless, `v` on one, a login against drip: while
    /// they wait, moving, help, the filter and Esc each take effect at once (the hang row still
    /// says checking afterwards), the spinner turns, and every answer arrives with its reason
    /// once the timeout has cut it off.
    ///
    /// The keys must all take effect within the checks' own timeout (10 s, not the test's to
    /// choose). On a machine so busy that they did not, the server sees the checks end first,
    /// and the round of keys starts again from `V`; the third round has no second chance.
    @Test func keysWorkWhileChecksAndALoginWaitForMisbehavingServers() throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["drip", "endless", "hang"])
        let session = try fixture.start(width: 120)
        defer { session.close() }
        try session.waitFor("3 organizations")

        var screen = ""
        for round in 1...3 {
            /// Waits for `predicate`; in a round that can be retried, stops when the checks end.
            func whileChecking(_ predicate: @escaping (String) -> Bool) throws -> String {
                var ended = false
                let screen = try session.waitFor { screen in
                    if predicate(screen) { return true }
                    ended = round < 3 && fixture.server.inFlight("hang") == 0
                    return ended
                }
                if ended { throw ChecksEnded() }
                return screen
            }
            do {
                try session.send("g")
                try session.waitFor("1/3")
                try session.send("V")
                try fixture.server.waitForRequests(to: "hang", count: round)
                _ = try whileChecking {
                    Self.row($0, "hang").contains("checking") && Self.row($0, "drip").contains("checking")
                }

                // Each key's effect, seen while the checks are in flight.
                try session.send("j")
                _ = try whileChecking { $0.contains("2/3") }
                try session.send("?")
                _ = try whileChecking { $0.contains("In the list") }
                try session.send("Escape")
                _ = try whileChecking { !$0.contains("In the list") && $0.contains("ORGANIZATION") }
                try session.send("/")
                try session.type("hang")
                _ = try whileChecking {
                    $0.contains("1 of 3 shown") && Self.row($0, "hang").contains("checking")
                }
                // Every key took effect before the checks ended: they are still checking.
                try session.send("Escape")
                screen = try whileChecking {
                    $0.contains("3 organizations") && Self.row($0, "hang").contains("checking")
                        && Self.row($0, "drip").contains("checking")
                }

                // The screen is not frozen: the spinner in the title turns.
                let title = Self.lines(screen)[0]
                _ = try whileChecking {
                    Self.lines($0)[0] != title && Self.row($0, "hang").contains("checking")
                }
                break
            } catch is ChecksEnded {
                // Out of help or the filter, and every check over, before the next round.
                try session.send("Escape")
                try session.waitFor {
                    $0.contains("3 organizations") && !$0.contains("checking") && !$0.contains("In the list")
                }
            }
        }

        // v on the hang row (the cursor stayed on it), and a login against drip.
        try session.send("v")
        try session.waitFor("Checking \(fixture.organization("hang"))")
        try session.send("a")
        try session.waitFor("Log in")
        try session.send("C-u")
        try session.type(fixture.organization("drip"))
        try session.send("Tab")
        try session.type("dripPATx4Kq9")
        try session.send("Enter")
        screen = try session.waitFor("Checking the token with")
        let spinning = Self.lines(screen).first { $0.contains("Checking the token with") } ?? ""
        try session.waitFor { screen in
            let line = Self.lines(screen).first { $0.contains("Checking the token with") } ?? spinning
            return line != spinning
        }

        // The answers: cut off by the timeout, or by the body limit.
        screen = try session.waitFor {
            Self.flat($0).contains("timed out") && Self.flat($0).contains("Nothing was stored.")
        }
        #expect(screen.contains("Log in"), "the form stays open with the reason: \(screen)")
        try session.send("Escape")
        screen = try session.waitFor { screen in
            ["drip", "endless", "hang"].allSatisfy { Self.row(screen, $0).contains("unreachable") }
                && !screen.contains("checking") && !screen.contains("Log in")
        }
        // The footer gives each row's reason.
        for (move, name, reason) in [
            ("g", "drip", "timed out"), ("j", "endless", "larger than 256 KiB"), ("j", "hang", "timed out"),
        ] {
            try session.send(move)
            try session.waitFor { screen in
                let text = Self.flat(screen)
                return text.contains("\(fixture.organization(name)) uses") && text.contains("unreachable: ")
                    && text.contains(reason)
            }
        }
        #expect(FileSnapshot.text(fixture.tokenFile)?.contains("dripPATx4Kq9") == false, "nothing stored")
        try session.send("q")
        #expect(try session.waitForExit() == 0)
    }

    /// A bus without service activation, so that a killed gnome-keyring stays dead (elsewhere
    /// D-Bus would start a new, locked one).
    static let busConfiguration = """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>session</type>
          <listen>unix:tmpdir=/tmp</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow send_destination="*" eavesdrop="true"/>
            <allow eavesdrop="true"/>
            <allow own="*"/>
          </policy>
        </busconfig>
        """

    /// The keyring's daemon killed under the running manager: a reload and a login each say
    /// what went wrong, the manager goes on, q leaves with 0 and the shell's terminal is sane.
    @Test(
        .enabled(
            if: AzureCLITerminalTests.keyringComponents
                || ProcessInfo.processInfo.environment["REQUIRE_SECRET_SERVICE"] == "1"))
    func aKilledKeyringDaemonIsAClearErrorAndTheManagerGoesOn() throws {
        let fixture = try TerminalFixture()
        let root = fixture.root
        for name in ["runtime", "data"] {
            try FileManager.default.createDirectory(
                atPath: root.appending(name), withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        try FileSnapshot.write(Self.busConfiguration, to: root.appending("bus.conf"))
        let pidFile = root.appending("keyring.pid")
        // gnome-keyring in the foreground, as our grandchild, so that its pid is known; the
        // shell starts once it answers as the Secret Service.
        let script = """
            echo | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
            echo $! > "$0"
            \(SecretServiceReadiness.shellWait)
            exec bash --norc --noprofile -i 2>&1
            """
        let session = try TmuxSession(
            // The bus's own warnings go to a file, not onto the screen; the shell's to the terminal.
            [
                "/bin/sh", "-c", #"exec 2>"$0"; exec dbus-run-session --config-file="$1" -- sh -c "$2" "$3""#,
                root.appending("bus.log"), root.appending("bus.conf"), script, pidFile,
            ],
            environment: fixture.environment.merging([
                "ADO_ACCOUNTS_STORE": nil, "XDG_RUNTIME_DIR": root.appending("runtime"),
                "XDG_DATA_HOME": root.appending("data"), "PS1": "PROMPT$ ", "BIN": adoAccountsBinary,
                "HISTFILE": "",
            ]) { $1 })
        defer { session.close() }
        try session.waitFor { $0.contains("PROMPT$") }
        let daemon = try #require(
            FileSnapshot.text(pidFile).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        let sane = try session.terminalFlags()
        // (The keyring's first use creates its login keyring: slow on a busy machine.)
        try session.start(
            "echo pat-alpha | \"$BIN\" login --org https://dev.azure.com/alpha --skip-verify; echo $((6*7))-done"
        )
        try session.waitFor { $0.contains("42-done") }
        try session.start("\"$BIN\"")
        try session.waitFor {
            $0.contains("1 organization") && $0.contains("keyring Secret Service")
                && Self.row($0, "alpha").contains(" keyring ")
        }
        let program = try session.process(named: "ado-accounts")

        kill(daemon, SIGKILL)
        // (A grandchild: its parent reaps it, and until then it is a zombie.)
        try Patience.wait("the keyring daemon to die") {
            ProcessProbe.state(of: daemon).map { $0 == "Z" } ?? true
        }
        try session.send("r")
        var screen = try session.waitFor {
            Self.flat($0).contains(
                "Could not read the stores: Could not list the keyring's items: the Secret Service is not running"
            )
        }
        #expect(Self.row(screen, "alpha").contains("alpha"), "the last listing stays: \(screen)")

        // A login of the default credential (no check, straight to the store).
        try session.send("a")
        try session.waitFor("Log in")
        try session.send("C-u", "Tab", "C-u")
        try session.type("newPATq3Zx8")
        try session.send("Enter")
        // The form's own message, inside the box: the footer still says the same after `r`,
        // and would match before the login has answered.
        screen = try session.waitFor {
            $0.contains("Log in")
                && Self.lines($0).contains { $0.contains("│ Could not list the keyring's items: the Secret") }
        }
        try session.send("Escape")
        try session.waitFor("Nothing was stored.")
        try session.send("j", "k", "?")
        try session.waitFor("In the list")
        try session.send("Escape", "q")
        try session.waitForPrompt(after: program)
        // (The screen shows an earlier command's end marker: this one has its own.)
        try session.start(
            "echo status=$?; echo modes: $(stty -a | tr ' ;' '\\n\\n' | grep -x -E -e '-?(icanon|echo)' | sort) $((6*7))-modes"
        )
        let shown = try session.waitFor("42-modes")
        #expect(shown.contains("\nstatus=0\n"), "\(shown)")
        #expect(try session.terminalFlags() == sane)
        #expect(shown.contains("\nmodes: echo icanon 42-modes"), "\(shown)")
        #expect(
            FileSnapshot.text(fixture.tokenFile)?.contains("newPATq3Zx8") != true, "no fallback to the file")
    }
}
