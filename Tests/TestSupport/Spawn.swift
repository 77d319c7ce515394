import Foundation

/// A child process started with posix_spawn: an empty signal mask and default handlers (test
/// threads block signals, and children would inherit that), no inherited descriptors beyond
/// stdin, stdout and stderr, and an explicit environment. Foundation.Process is avoided on
/// purpose: its child-exit socketpair is inherited by daemons such as tmux and hangs the test.
public final class ChildProcess: @unchecked Sendable {
    public struct Result: Sendable {
        public let status: Int32
        public let standardOutput: String
        public let standardError: String
        /// The signal that ended the process, if one did.
        public let signal: Int32?
        /// Standard output as written (for binary output).
        public let standardOutputBytes: [UInt8]

        public var output: String { standardOutput + standardError }
    }

    public let pid: pid_t
    private let outputPath: String
    private let errorPath: String
    private let inputPath: String?
    private var finished: Result?

    /// Starts `argv` (the first element is looked up in PATH) with exactly `environment`, in
    /// `directory` when one is given.
    public init(
        _ argv: [String], environment: [String: String], standardInput: [UInt8]? = nil,
        directory: String? = nil
    ) throws {
        let base = NSTemporaryDirectory() + "/spawn-\(UUID().uuidString)"
        outputPath = base + ".out"
        errorPath = base + ".err"
        if let standardInput {
            inputPath = base + ".in"
            FileManager.default.createFile(
                atPath: base + ".in", contents: Data(standardInput), attributes: [.posixPermissions: 0o600])
        } else {
            inputPath = nil
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let descriptors =
            (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap(Int32.init)
            ?? []
        for descriptor in descriptors where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }

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

        // posix_spawn has no portable "change directory" action: sh changes it, then becomes
        // the program (same process).
        let argv = directory.map { [#"/bin/sh"#, "-c", #"cd -- "$0" && exec "$@""#, $0] + argv } ?? argv
        let arguments = argv.map { strdup($0) } + [nil]
        let variables = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            arguments.forEach { free($0) }
            variables.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, argv[0], &actions, &attributes, arguments, variables)
        guard status == 0 else {
            throw TestSupportError("cannot start \(argv[0]): \(String(cString: strerror(status)))")
        }
        self.pid = pid
    }

    /// Waits for the process to end and collects its output.
    @discardableResult
    public func wait() -> Result {
        if let finished { return finished }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let signaled = (status & 0x7f) != 0
        let code = signaled ? 128 + (status & 0x7f) : (status >> 8) & 0xff
        let output = FileSnapshot.bytes(outputPath) ?? []
        let result = Result(
            status: code, standardOutput: String(decoding: output, as: UTF8.self),
            standardError: FileSnapshot.text(errorPath) ?? "", signal: signaled ? status & 0x7f : nil,
            standardOutputBytes: output)
        for path in [outputPath, errorPath, inputPath].compactMap({ $0 }) { unlink(path) }
        finished = result
        return result
    }

    /// What the running process has written to standard error so far.
    public var standardErrorSoFar: String {
        FileSnapshot.text(errorPath) ?? ""
    }

    public func kill(_ signal: Int32) {
        _ = Foundation.kill(pid, signal)
    }

    /// Runs a command to completion.
    public static func run(
        _ argv: [String], environment: [String: String], standardInput: [UInt8]? = nil,
        directory: String? = nil
    ) throws -> Result {
        try ChildProcess(argv, environment: environment, standardInput: standardInput, directory: directory)
            .wait()
    }

    public static func run(_ argv: [String], environment: [String: String], standardInput: String) throws
        -> Result
    {
        try run(argv, environment: environment, standardInput: Array(standardInput.utf8))
    }
}

/// A PATH for children: the test's own, or the usual directories.
public var inheritedPath: String {
    ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
}
