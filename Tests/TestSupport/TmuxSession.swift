import Foundation

/// A program in a real terminal: a private tmux server (its own socket in a temporary
/// directory, so parallel tests never meet), driven with send-keys and read with capture-pane.
///
/// The recipe is the platform notes' (§3): tmux runs through `ChildProcess` (posix_spawn with a
/// clean signal mask; Foundation.Process hangs tmux), the exit status is recorded by a `sh`
/// wrapper because tmux 3.3a's `pane_dead_status` races, and tests wait by polling the screen,
/// never by sleeping a fixed time.
public final class TmuxSession: @unchecked Sendable {
    public let directory: TemporaryDirectory
    public let socket: String
    /// Where the wrapper writes the program's exit status (128+n when a signal ended it).
    public let statusFile: String
    private let clientEnvironment: [String: String]
    private var closed = false

    /// Starts `command` in a detached session of `width` x `height`. The program's environment
    /// is a minimal one (PATH, HOME, a UTF-8 locale, TERM) with `environment` on top; a nil value
    /// removes a variable (`["LANG": nil, "LC_ALL": nil]` for a terminal without UTF-8).
    public init(
        _ command: [String], width: Int = 80, height: Int = 24, term: String = "tmux-256color",
        environment: [String: String?] = [:]
    ) throws {
        directory = try TemporaryDirectory("tmux")
        socket = directory.appending("sock")
        statusFile = directory.appending("exit-status")
        // The server itself needs a UTF-8 locale to pass ★ and • through send-keys and capture-pane.
        clientEnvironment = ["PATH": inheritedPath, "LANG": "C.UTF-8", "HOME": directory.path]

        // The program's environment is exactly this: tmux would otherwise add its own (TMUX, and a
        // TERM from default-terminal that -e cannot override).
        var variables: [String: String] = [
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": term, "PATH": inheritedPath,
            "HOME": directory.path,
        ]
        for (name, value) in environment { variables[name] = value }
        let wrapper = "\"$@\"; echo $? > \"$0.tmp\" && mv \"$0.tmp\" \"$0\""
        let assignments = variables.sorted(by: { $0.key < $1.key }).map { "\($0.key)=\($0.value)" }
        let argv = ["/bin/sh", "-c", wrapper, statusFile, "/usr/bin/env", "-i"] + assignments + command
        let line = argv.map(Self.shellQuoted).joined(separator: " ")
        let arguments = [
            "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "\(width)", "-y", "\(height)", line, ";",
            "set-option", "-t", "t", "remain-on-exit", "on",
        ]
        try tmux(arguments)
    }

    deinit {
        close()
    }

    /// Runs a tmux command on this session's server; throws when it fails.
    @discardableResult
    public func tmux(_ arguments: [String]) throws -> String {
        let result = try ChildProcess.run(["tmux", "-S", socket] + arguments, environment: clientEnvironment)
        guard result.status == 0 else {
            throw TestSupportError(
                "tmux \(arguments.prefix(3).joined(separator: " ")) failed (\(result.status)): \(result.output)"
            )
        }
        return result.standardOutput
    }

    /// Keys by tmux name: "Down", "Enter", "Escape", "C-r", "BSpace", "NPage", "q".
    public func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", "t"] + keys)
    }

    /// Text typed literally, UTF-8 included.
    public func type(_ text: String) throws {
        try tmux(["send-keys", "-t", "t", "-l", text])
    }

    /// Bytes written to the program in one go, as a terminal sends an escape sequence. (Sent as
    /// keys, an Escape and what follows it can arrive further apart than the program's escape
    /// delay on a busy machine, and then they are two keys.)
    public func write(_ text: String) throws {
        try tmux(["send-keys", "-t", "t", "-H"] + text.utf8.map { String($0, radix: 16) })
    }

    /// What the pane shows; with `escapes`, its colours and attributes as SGR sequences.
    public func screen(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", "t"] + (escapes ? ["-e"] : []))
    }

    /// Everything the pane's history holds above the visible screen. (With no history,
    /// capture-pane's `-E -1` would still print the screen's first line.)
    public func history() throws -> String {
        guard let lines = Int(try paneValue("#{history_size}")), lines > 0 else { return "" }
        return try tmux(["capture-pane", "-p", "-t", "t", "-S", "-\(lines)", "-E", "-1"])
    }

    public func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "t", "-x", "\(width)", "-y", "\(height)"])
    }

    /// The pane's terminal device, for `stty -F` and for signalling its processes.
    public func paneValue(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", "t", format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every screen seen while waiting, in order: tests can check that none showed a secret.
    public private(set) var seen: [String] = []

    /// Polls the screen every 20 ms until `predicate` holds; throws with the last screen. The
    /// bound only ends a test that is truly stuck (`Patience`).
    @discardableResult
    public func waitFor(
        timeout: TimeInterval = Patience.limit, escapes: Bool = false, _ predicate: (String) -> Bool
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while true {
            last = try screen(escapes: escapes)
            seen.append(last)
            if predicate(last) { return last }
            if Date() > deadline {
                throw TestSupportError("gave up after \(Int(timeout)) s; the screen was:\n\(last)")
            }
            usleep(20_000)
        }
    }

    @discardableResult
    public func waitFor(_ text: String, timeout: TimeInterval = Patience.limit) throws -> String {
        try waitFor(timeout: timeout) { $0.contains(text) }
    }

    /// Waits for the program to end and returns its status.
    public func waitForExit(timeout: TimeInterval = Patience.limit) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = FileSnapshot.text(statusFile),
                let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return status
            }
            usleep(20_000)
        }
        throw TestSupportError("the program did not exit; the screen was:\n\((try? screen()) ?? "")")
    }

    public func close() {
        guard !closed else { return }
        closed = true
        _ = try? ChildProcess.run(["tmux", "-S", socket, "kill-server"], environment: clientEnvironment)
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
