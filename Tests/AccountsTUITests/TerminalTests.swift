import Foundation
import TestSupport
import Testing

/// The built binary in a real terminal (tmux), on a temporary config directory, verifying
/// against a real HTTP server on 127.0.0.1.
final class TerminalFixture: @unchecked Sendable {
    let root: TemporaryDirectory
    let server: TestHTTPServer
    var environment: [String: String?]

    static let pat = "tmuxPATq7Z9wXk3vB2"

    init(store: String? = "file") throws {
        root = try TemporaryDirectory("ado-tui-e2e")
        server = try TestHTTPServer(tokens: [Self.pat: "Ada Lovelace"])
        environment = [
            "HOME": root.path, "AZURE_DEVOPS_EXT_CONFIG_DIR": root.appending("cfg"),
            "ADO_ACCOUNTS_STORE": store,
            "DBUS_SESSION_BUS_ADDRESS": nil,
        ]
    }

    var configDirectory: String { root.appending("cfg") }
    var tokenFile: String { configDirectory + "/personalAccessTokens" }
    var configFile: String { configDirectory + "/config" }
    var indexFile: String { configDirectory + "/organization_list" }

    func organization(_ name: String) -> String { server.organization(named: name) }

    /// Stores tokens the way a user of the command line would.
    func seed(_ names: [String]) throws {
        var plain: [String: String] = ["PATH": inheritedPath]
        for (name, value) in environment { plain[name] = value }
        for name in names {
            let result = try ChildProcess.run(
                [adoAccountsBinary, "login", "--org", organization(name), "--skip-verify"],
                environment: plain,
                standardInput: "pat-\(name)\n")
            guard result.status == 0 else { throw TestSupportError("seeding \(name): \(result.output)") }
        }
    }

    func start(
        _ arguments: [String] = [], width: Int = 80, height: Int = 24, term: String = "tmux-256color",
        environment extra: [String: String?] = [:]
    ) throws -> TmuxSession {
        try TmuxSession(
            [adoAccountsBinary] + arguments, width: width, height: height, term: term,
            environment: environment.merging(extra) { $1 })
    }

    /// An interactive bash in the terminal, to see the prompt come back and run stty.
    func startShell(width: Int = 80, height: Int = 24) throws -> TmuxSession {
        let session = try TmuxSession(
            ["/bin/bash", "--norc", "--noprofile", "-i"], width: width, height: height,
            // No history file: bash would write one on the way out, racing the removal of HOME.
            environment: environment.merging(["PS1": "PROMPT$ ", "BIN": adoAccountsBinary, "HISTFILE": ""]) {
                $1
            })
        try session.waitFor("PROMPT$")
        return session
    }
}

extension TmuxSession {
    /// Runs a line in the interactive shell and returns the screen once its output is complete
    /// (a marker that the command line itself does not contain).
    @discardableResult
    func shell(_ line: String) throws -> String {
        try type(line + "; echo $((6*7))-done")
        try send("Enter")
        return try waitFor("42-done")
    }

    /// Starts a line in the interactive shell without waiting for it to finish.
    func start(_ line: String) throws {
        try type(line)
        try send("Enter")
    }

    /// The pid of the process named `name` among the pane's descendants.
    func process(named name: String) throws -> Int32 {
        var queue = [Int32(try paneValue("#{pane_pid}"))!]
        while let pid = queue.popLast() {
            if FileSnapshot.text("/proc/\(pid)/comm")?.hasPrefix(String(name.prefix(15))) == true {
                return pid
            }
            let children = FileSnapshot.text("/proc/\(pid)/task/\(pid)/children") ?? ""
            queue += children.split(separator: " ").compactMap { Int32($0) }
        }
        throw TestSupportError("no process \(name) in the pane")
    }

    /// Waits until the process has ended and the shell shows its prompt again, so that what is
    /// typed next goes to the shell and not to the program on its way out.
    func waitForPrompt(after pid: Int32) throws {
        try Patience.wait("process \(pid) to end") { !FileManager.default.fileExists(atPath: "/proc/\(pid)") }
        try waitFor { screen in
            screen.split(separator: "\n").last(where: { !$0.isEmpty }).map { $0 == "PROMPT$" } ?? false
        }
    }

    /// The terminal's line discipline flags, as stty names them (icanon, -echo, ...).
    func terminalFlags() throws -> Set<String> {
        let result = try ChildProcess.run(
            ["stty", "-F", try paneValue("#{pane_tty}"), "-a"], environment: ["PATH": inheritedPath])
        return Set(
            result.standardOutput.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(
                String.init))
    }
}

@Suite("In a real terminal", .serialized)
struct TerminalTests {
    @Test func addSwitchLogOutResizeAndQuit() throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha", "bravo", "charlie"])
        let session = try fixture.start()
        defer { session.close() }
        try session.waitFor("3 organizations")
        let first = try session.screen()
        #expect(first.contains(" ★ [ ] \(fixture.organization("alpha"))"))
        #expect(first.contains("[ ] \(fixture.organization("charlie"))"))

        // Add an organization: the PAT is never on the screen, and is in the store afterwards.
        try session.send("a")
        try session.waitFor("Log in")
        try session.type(fixture.organization("contoso"))
        try session.send("Tab")
        try session.type(TerminalFixture.pat)
        try session.waitFor("Token (PAT)   " + String(repeating: "•", count: TerminalFixture.pat.count))
        try session.send("C-r")
        try session.waitFor("(hidden: \(TerminalFixture.pat.count) characters)")
        try session.send("Enter")
        try session.waitFor("Logged in to \(fixture.organization("contoso")) as Ada Lovelace.")
        try session.waitFor { $0.contains("4 organizations") && $0.contains("4/4") }
        #expect(
            FileSnapshot.text(fixture.tokenFile)?.contains("personal access token = \(TerminalFixture.pat)")
                == true)
        #expect(FileSnapshot.mode(fixture.tokenFile) == 0o600)

        // Switch the default: the config file says so.
        try session.send("k", "Enter")
        try session.waitFor("\(fixture.organization("charlie")) is the default organization now")
        #expect(
            FileSnapshot.text(fixture.configFile)?.contains(
                "organization = \(fixture.organization("charlie"))") == true)
        // The status comes with the change, the ★ with the listing read after it.
        try session.waitFor(" ★ [ ] \(fixture.organization("charlie"))")

        // Log out two marked rows: the files say so.
        try session.send("g", "Space", "Space")
        try session.waitFor("[x] \(fixture.organization("bravo"))")
        try session.send("d")
        // Down to the dialog's last line: a capture may come between two lines of one repaint.
        let confirmation = try session.waitFor {
            $0.contains("Log out of these 2 credentials?") && $0.contains("y log out")
        }
        #expect(confirmation.contains("  \(fixture.organization("alpha"))"))
        #expect(confirmation.contains("  \(fixture.organization("bravo"))"))
        #expect(confirmation.contains("The default organization stays \(fixture.organization("charlie"))."))
        try session.send("y")
        try session.waitFor("2 organizations")
        let tokens = FileSnapshot.text(fixture.tokenFile) ?? ""
        let index = FileSnapshot.text(fixture.indexFile) ?? ""
        for gone in ["alpha", "bravo"] {
            #expect(!tokens.contains(fixture.organization(gone)))
            #expect(!index.contains(fixture.organization(gone)))
        }
        for kept in ["charlie", "contoso"] {
            #expect(tokens.contains(fixture.organization(kept)))
        }

        // Resize to the smallest usable size and back.
        try session.resize(width: 40, height: 10)
        try session.waitFor {
            $0.contains("STATE") && !$0.contains("STORE") && $0.split(separator: "\n").count <= 10
        }
        try session.resize(width: 30, height: 8)
        try session.waitFor("ado-accounts needs 40x10")
        try session.resize(width: 80, height: 24)
        try session.waitFor {
            $0.contains("IDENTITY") && $0.contains("Ada Lovelace") && $0.contains("2 organizations")
        }

        try session.send("q")
        #expect(try session.waitForExit() == 0)
        let leaked = session.seen.filter { $0.contains(TerminalFixture.pat) || $0.contains("q7Z9") }
        #expect(leaked.isEmpty)
    }

    @Test func quittingGivesTheShellBackSaneAndLeavesNothingInTheScrollback() throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha"])
        let session = try fixture.startShell()
        defer { session.close() }
        let sane = try session.terminalFlags()
        try session.start("\"$BIN\"")
        try session.waitFor("1 organization")
        let program = try session.process(named: "ado-accounts")
        let inside = try session.terminalFlags()
        #expect(inside.contains("-icanon") && inside.contains("-echo") && inside.contains("-ixon"))
        try session.send("q")
        try session.waitForPrompt(after: program)
        let shown = try session.shell("echo status=$?; stty -a")
        #expect(shown.contains("\nstatus=0"))
        #expect(try session.terminalFlags() == sane, "as the shell left it")
        let modes = Set(shown.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        #expect(modes.isSuperset(of: ["icanon", "echo", "isig", "ixon", "icrnl", "opost"]))
        #expect(!shown.contains("ORGANIZATION"))
        #expect(!(try session.history()).contains("ORGANIZATION"), "the alternate screen keeps nothing")
    }

    @Test(arguments: [("TERM", "143"), ("INT", "130"), ("HUP", "129")])
    func aSignalRestoresTheTerminal(signal: String, status: String) throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha"])
        let session = try fixture.startShell()
        defer { session.close() }
        let sane = try session.terminalFlags()
        try session.start("\"$BIN\"")
        try session.waitFor("1 organization")
        let program = try session.process(named: "ado-accounts")
        if signal == "INT" {
            try session.send("C-c")
        } else {
            kill(program, signal == "TERM" ? SIGTERM : SIGHUP)
        }
        try session.waitForPrompt(after: program)
        let shown = try session.shell("echo status=$?")
        #expect(shown.contains("\nstatus=\(status)"))
        #expect(try session.terminalFlags() == sane)
        #expect(!shown.contains("ORGANIZATION"))
    }

    @Test(arguments: [("SEGV", SIGSEGV), ("ABRT", SIGABRT)])
    func aCrashStillRestoresTheTerminal(name: String, signal: Int32) throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha"])
        let session = try fixture.startShell()
        defer { session.close() }
        let sane = try session.terminalFlags()
        try session.start("\"$BIN\"")
        try session.waitFor("1 organization")
        let program = try session.process(named: "ado-accounts")
        kill(program, signal)
        try session.waitForPrompt(after: program)
        let shown = try session.shell("echo status=$?; stty -a")
        #expect(shown.contains("\nstatus=\(128 + signal)"))
        #expect(try session.terminalFlags() == sane)
        let modes = Set(shown.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        #expect(modes.isSuperset(of: ["icanon", "echo"]))
        #expect(!shown.contains("ORGANIZATION"))
    }

    @Test func ctrlZSuspendsAndFgRedraws() throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha", "bravo"])
        let session = try fixture.startShell()
        defer { session.close() }
        let sane = try session.terminalFlags()
        try session.start("\"$BIN\"")
        try session.waitFor("2 organizations")
        try session.send("j")
        try session.waitFor("2/2")
        try session.send("C-z")
        try session.waitFor("Stopped")
        #expect(
            try session.terminalFlags() == sane,
            "the shell gets its terminal back while the program is stopped")
        try session.start("fg")
        try session.waitFor { $0.contains("ORGANIZATION") && $0.contains("2/2") && !$0.contains("Stopped") }
        try session.send("j", "k")
        try session.waitFor("1/2")
        let program = try session.process(named: "ado-accounts")
        try session.send("q")
        try session.waitForPrompt(after: program)
        let shown = try session.shell("echo status=$?")
        #expect(shown.contains("\nstatus=0"))
        #expect(try session.terminalFlags() == sane)
    }

    @Test(arguments: ["xterm-256color", "screen-256color", "linux", "vt100"])
    func worksWithCommonTerminalTypes(term: String) throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha", "bravo", "charlie"])
        let session = try fixture.start(term: term)
        defer { session.close() }
        try session.waitFor("1/3")
        try session.send("Down")
        try session.waitFor("2/3")
        try session.send("NPage")
        try session.waitFor("3/3")
        try session.send("Home")
        try session.waitFor("1/3")
        try session.send("End")
        try session.waitFor("3/3")
        try session.send("?")
        try session.waitFor("In the list")
        try session.send("Escape")
        try session.waitFor { !$0.contains("In the list") }
        try session.send("q")
        #expect(try session.waitForExit() == 0)
        // With or without an alternate screen (linux and vt100 have none), nothing stays behind.
        #expect(!(try session.screen()).contains("ORGANIZATION"))
        // (tmux's own "Pane is dead" notice may push one blank line up.)
        let history = try session.history()
        let blank = history.allSatisfy(\.isWhitespace)
        #expect(blank, "nothing in the scrollback: \(history.debugDescription)")
    }

    @Test func noColorAndMonochromeTerminalsGetNoColour() throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha"])
        let coloured = try fixture.start()
        defer { coloured.close() }
        let withColour = try coloured.waitFor(escapes: true) { $0.contains("ORGANIZATION") }
        #expect(
            withColour.contains("\u{1B}[30m") || withColour.contains("\u{1B}[46m")
                || withColour.contains("\u{1B}[33m"))

        for (term, extra) in [("tmux-256color", ["NO_COLOR": "1"]), ("vt100", [:])]
            as [(String, [String: String?])]
        {
            let session = try fixture.start(term: term, environment: extra)
            defer { session.close() }
            let screen = try session.waitFor(escapes: true) { $0.contains("ORGANIZATION") }
            // SGR parameters that set a colour: 30-37, 40-47, 90-97, 100-107, and 38/48 (256 colours).
            let colours = screen.matches(of: /\x1B\[([0-9;]*)m/).flatMap { $0.output.1.split(separator: ";") }
                .filter {
                    guard let code = Int($0) else { return false }
                    return (30...38).contains(code) || (40...48).contains(code) || (90...107).contains(code)
                }
            #expect(colours.isEmpty, "\(term): \(colours)")
            #expect(
                screen.contains("\u{1B}[7m") || screen.contains(";7m"),
                "reverse video still marks the cursor row")
        }
    }

    @Test func withoutAUTF8LocaleTheScreenIsASCII() throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha"])
        let session = try fixture.start(environment: ["LANG": nil, "LC_ALL": nil])
        defer { session.close() }
        // The row, not the title: a frame can reach the pane in more than one write.
        let screen = try session.waitFor(" * [ ] \(fixture.organization("alpha"))")
        #expect(screen.contains(" * [ ] \(fixture.organization("alpha"))"))
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII })
        try session.send("a", "Tab")
        try session.type("abc")
        try session.waitFor("Token (PAT)   ***")
        try session.send("Escape", "q")
        #expect(try session.waitForExit() == 0)
    }

    @Test func aClickSelectsARow() throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha", "bravo", "charlie"])
        let session = try fixture.start()
        defer { session.close() }
        let screen = try session.waitFor { $0.contains("1/3") && $0.contains("/charlie") }
        // The Azure CLI line is above the list when there is room: find charlie's line.
        let line = try #require(
            screen.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                $0.contains("/charlie")
            })
        // An SGR mouse report (1-based) for a left press at column 20 of charlie's line.
        try session.write("\u{1B}[<0;20;\(line + 1)M")
        try session.waitFor("3/3")
        try session.send("q")
        #expect(try session.waitForExit() == 0)
    }

    @Test func anUnknownTermIsAClearErrorAndNotAGarbledScreen() throws {
        let fixture = try TerminalFixture()
        let session = try fixture.start(term: "nosuchterm")
        defer { session.close() }
        #expect(try session.waitForExit() == 2)
        // The status file can be written before tmux has shown the last output: wait for it
        // (in the scrollback too: tmux's "Pane is dead" line can push it up).
        var output = ""
        try Patience.wait("the message's last line") {
            output = try session.history() + "\n" + session.screen()
            return output.contains("or use 'ado-accounts list'.")
        }
        #expect(
            output.contains(
                "ado-accounts: TERM=nosuchterm is not a terminal type this system knows; set TERM"))
        #expect(!output.contains("\u{1B}"))
    }

    @Test func withoutATerminalTheBareCommandLists() throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha"])
        var plain: [String: String] = ["PATH": inheritedPath]
        for (name, value) in fixture.environment { plain[name] = value }
        let listed = try ChildProcess.run([adoAccountsBinary], environment: plain)
        #expect(listed.status == 0)
        #expect(listed.standardOutput.contains(fixture.organization("alpha")))
        let refused = try ChildProcess.run([adoAccountsBinary, "tui"], environment: plain)
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("The account manager needs a terminal"))
    }

    @Test func verificationRunsInTheBackgroundAndEachRowUpdates() throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha", "slow", "unauthorized"])
        fixture.server.accept(token: "pat-alpha", as: "Grace Hopper")
        let session = try fixture.start()
        defer { session.close() }
        try session.waitFor("3 organizations")
        try session.send("V")
        // The fast answers arrive while the slow one (held by the server until released) is
        // still checking, and the screen moves on.
        let checking = try session.waitFor {
            $0.contains("Grace Hopper") && $0.contains("rejected") && $0.contains("checking")
        }
        #expect(checking.contains("/slow") && checking.occurrences(of: "checking") == 1)
        try session.send("j")
        try session.waitFor("2/3")
        #expect(fixture.server.inFlight(.slow) == 1, "the slow check was in flight all along")
        fixture.server.release()
        try session.waitFor { !$0.contains("checking") && $0.contains("Checked 3 organizations") }
        try session.send("q")
        #expect(try session.waitForExit() == 0)
    }
}

@Suite("End of input")
struct EndOfInputTests {
    /// The program on a pseudo-terminal that is not its controlling terminal, so closing the
    /// other side sends no SIGHUP: the input loop sees the end of its input and must leave.
    @Test func closingTheTerminalEndsTheProgramWithoutSpinning() throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha"])
        // posix_openpt and friends are not in Swift's Glibc module: /dev/ptmx and the Linux
        // ioctls that unlock the pair (TIOCSPTLCK) and name its other side (TIOCGPTN).
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        try #require(
            master >= 0 && ioctl(master, 0x4004_5431, &unlock) == 0
                && ioctl(master, 0x8004_5430, &number) == 0)
        let slave = "/dev/pts/\(number)"
        var size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR | O_NOCTTY, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var environment = ["PATH=\(inheritedPath)", "TERM=xterm-256color", "LANG=C.UTF-8"]
        for (name, value) in fixture.environment { if let value { environment.append("\(name)=\(value)") } }
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(adoAccountsBinary), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, adoAccountsBinary, &actions, &attributes, argv, envp)
        try #require(spawned == 0)

        var output: [UInt8] = []
        let listed = Patience.waitQuietly {
            var buffer = [UInt8](repeating: 0, count: 4096)
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 100) > 0 {
                let count = read(master, &buffer, buffer.count)
                if count > 0 { output += buffer[0..<count] }
            }
            return String(decoding: output, as: UTF8.self).contains("1 organization")
        }
        #expect(listed, "the first frame: \(String(decoding: output, as: UTF8.self))")
        close(master)

        var status: Int32 = 0
        var usage = rusage()
        var finished: pid_t = 0
        _ = Patience.waitQuietly {
            finished = wait4(pid, &status, WNOHANG, &usage)
            return finished != 0
        }
        if finished == 0 { kill(pid, SIGKILL) }
        #expect(finished == pid, "the program left when its input ended")
        #expect((status & 0x7f) == 0 && (status >> 8) & 0xff == 0)
        let cpu =
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
        #expect(cpu < 1, "no busy loop on a closed terminal (\(cpu) s of CPU)")
    }
}
