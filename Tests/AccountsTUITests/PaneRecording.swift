import Foundation
import TestSupport

/// What the reliability tests read from a terminal: every byte the program wrote (tmux's
/// pipe-pane), the whole pane with its history and attributes, the pane's title, and the
/// program's process.
extension TmuxSession {
    /// From now on, every byte the program writes to the terminal is appended to `path`.
    func recordOutput(to path: String) throws {
        let quoted = "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        try tmux(["pipe-pane", "-t", "t", "-o", "cat >> " + quoted])
    }

    /// The history and the screen, with attributes as SGR sequences when `escapes`.
    func captureAll(escapes: Bool = true) throws -> String {
        try tmux(["capture-pane", "-p", "-t", "t", "-S", "-"] + (escapes ? ["-e"] : []))
    }

    /// The screen once the program has finished drawing it: ncurses may send a frame in several
    /// writes, and a capture between them shows half of each. Settled means no thread of the
    /// program is running or writing to the terminal, it wrote nothing while two captures were
    /// taken, and the two agree: events, not a pause that a busy machine can outlast.
    func settledScreen() throws -> String {
        let program = try process(named: "ado-accounts")
        var settled = ""
        try Patience.wait("a settled screen") {
            guard Self.isIdle(program), let before = Self.writes(of: program) else { return false }
            let first = try screen()
            let second = try screen()
            settled = second
            return first == second && Self.isIdle(program) && Self.writes(of: program) == before
        }
        return settled
    }

    /// How many write calls the process has made (all its threads).
    static func writes(of pid: Int32) -> Int? {
        let lines = (FileSnapshot.text("/proc/\(pid)/io") ?? "").split(separator: "\n")
        return lines.first { $0.hasPrefix("syscw:") }.flatMap {
            Int($0.dropFirst("syscw:".count).trimmingCharacters(in: .whitespaces))
        }
    }

    /// Every thread blocked, none of them in a write to standard output or error: a frame that was
    /// begun has been handed to the terminal whole.
    static func isIdle(_ pid: Int32) -> Bool {
        let threads = ProcessProbe.threads(of: pid)
        return !threads.isEmpty
            && threads.allSatisfy { thread in
                let call = FileSnapshot.text("/proc/\(pid)/task/\(thread)/syscall") ?? "running"
                return ProcessProbe.state(of: pid, task: thread) == "S" && !call.hasPrefix("running")
                    && !call.hasPrefix("1 0x1 ") && !call.hasPrefix("1 0x2 ")
            }
    }

    /// The title programs set with OSC 0 or 2 (tmux's default is the host name).
    var paneTitle: String {
        get throws { try paneValue("#{pane_title}") }
    }
}

/// Why a capture or an output log is not inert: characters a terminal acts on, where only text
/// and the screen's own drawing may be.
enum Inertness {
    /// Characters that must never reach the terminal from outside text: C0 controls but the
    /// line feeds of a capture, DEL, C1 controls, bidirectional overrides and isolates.
    static func strayControls(in text: String, allowingEscape: Bool = false) -> [String] {
        var found: Set<String> = []
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0x0A || (allowingEscape && value == 0x1B) { continue }
            if value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
                || (0x2066...0x2069).contains(value)
            {
                found.insert("U+" + String(value, radix: 16, uppercase: true))
            }
        }
        return found.sorted()
    }

    /// SGR parameters in a capture-pane -e text that the screen itself never uses: blink (5),
    /// strike-through (9) and direct colour (38;2 / 48;2), which the hostile text asks for.
    static func injectedAttributes(in capture: String) -> [String] {
        var found: [String] = []
        for match in capture.matches(of: /\x1B\[([0-9;:]*)m/) {
            let parameters = match.output.1.split(separator: ";", omittingEmptySubsequences: false)
                .map { Int($0) ?? 0 }
            var index = 0
            while index < parameters.count {
                let parameter = parameters[index]
                if parameter == 38 || parameter == 48 || parameter == 58 {
                    let mode = index + 1 < parameters.count ? parameters[index + 1] : 0
                    if mode == 2 { found.append(String(match.output.0.dropFirst())) }
                    index += mode == 5 ? 3 : mode == 2 ? 5 : 2
                    continue
                }
                if parameter == 5 || parameter == 9 { found.append(String(match.output.0.dropFirst())) }
                index += 1
            }
        }
        return found
    }

    /// Escape sequences in raw output that no screen of this program sends: OSC (titles,
    /// hyperlinks, clipboard), DCS, and 8-bit C1 controls.
    static func foreignSequences(in output: [UInt8]) -> [String] {
        var found: [String] = []
        if output.firstRange(of: [0x1B, UInt8(ascii: "]")]) != nil { found.append("OSC") }
        if output.firstRange(of: [0x1B, UInt8(ascii: "P")]) != nil { found.append("DCS") }
        for index in output.indices.dropLast()
        where output[index] == 0xC2 && (0x80...0x9F).contains(output[index + 1]) {
            found.append("C1 U+00" + String(output[index + 1], radix: 16, uppercase: true))
            break
        }
        return found
    }
}
