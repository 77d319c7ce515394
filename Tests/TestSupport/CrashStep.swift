/// A named step of a change at which the debug binary can be told to SIGKILL itself
/// (`CrashPoint` in CredentialCore), and the Nth time the change reaches it. Tests learn a
/// change's steps from a trace of a run to completion and then kill a fresh run at each in
/// turn, so that every step is covered, deterministically, including steps added later.
public struct CrashStep: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let occurrence: Int

    public var description: String { "\(name)#\(occurrence)" }

    /// The environment that makes the binary kill itself at this step.
    public var environment: [String: String] { ["ADO_ACCOUNTS_CRASH_AT": description] }

    /// The environment that makes the binary record every step it reaches in `path`.
    public static func tracing(to path: String) -> [String: String] {
        ["ADO_ACCOUNTS_CRASH_TRACE": path]
    }

    /// The steps a trace recorded, in the order they were reached, each occurrence its own step.
    public static func steps(inTrace path: String) -> [CrashStep] {
        var counts: [String: Int] = [:]
        return (FileSnapshot.text(path) ?? "").split(separator: "\n").map { line in
            let name = String(line)
            counts[name, default: 0] += 1
            return CrashStep(name: name, occurrence: counts[name]!)
        }
    }
}
