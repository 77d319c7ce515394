import CProcessHardening

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs other programs (`az`, `git`) with posix_spawn: an explicit environment, default signal
/// handling, and no descriptors inherited beyond the standard three, whatever this process
/// has open (a lock, a leased file, another thread's pipes, what its own parent left open).
enum Subprocess {
    struct Output {
        var status: Int32
        var standardOutput: [UInt8]
        var standardError: [UInt8]
    }

    /// Runs to completion with standard input closed and both outputs captured (each capped),
    /// killing the program when `timeout` passes.
    static func capture(
        _ executable: String, _ arguments: [String], environment: [String: String], timeout: Duration,
        outputLimit: Int = 1 << 20
    ) throws(CredentialError) -> Output {
        var outputPipe: [Int32] = [-1, -1]
        var errorPipe: [Int32] = [-1, -1]
        guard ado_pipe(&outputPipe, 0) == 0 else {
            throw .storage("Cannot run \(executable): \(SecureFile.describe(errno)).")
        }
        guard ado_pipe(&errorPipe, 0) == 0 else {
            let error = errno
            outputPipe.forEach { close($0) }
            throw .storage("Cannot run \(executable): \(SecureFile.describe(error)).")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
        let pid: pid_t
        do {
            pid = try spawn(executable, arguments, environment: environment, actions: &actions)
        } catch {
            for descriptor in outputPipe + errorPipe { close(descriptor) }
            throw error
        }
        close(outputPipe[1])
        close(errorPipe[1])
        defer {
            close(outputPipe[0])
            close(errorPipe[0])
        }

        var output = Output(status: 0, standardOutput: [], standardError: [])
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var open: [(Int32, WritableKeyPath<Output, [UInt8]>)] = [
            (outputPipe[0], \.standardOutput), (errorPipe[0], \.standardError),
        ]
        var chunk = [UInt8](repeating: 0, count: 16384)
        var timedOut = false
        while !open.isEmpty {
            let remaining = clock.now.duration(to: deadline)
            if remaining <= .zero {
                timedOut = true
                break
            }
            var descriptors = open.map { pollfd(fd: $0.0, events: Int16(POLLIN), revents: 0) }
            let milliseconds = Int32(min(remaining.components.seconds * 1000 + 1, 1000))
            let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
            if ready < 0 && errno != EINTR { break }
            for (index, descriptor) in descriptors.enumerated().reversed() where descriptor.revents != 0 {
                let count = chunk.withUnsafeMutableBytes { read(descriptor.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    let keyPath = open[index].1
                    // az's output holds a token (get-access-token).
                    if output[keyPath: keyPath].count < outputLimit {
                        SecretBytes.append(chunk[0..<count], to: &output[keyPath: keyPath])
                    }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    open.remove(at: index)
                }
            }
        }
        SecureFile.wipe(&chunk)
        if timedOut { kill(pid, SIGKILL) }
        output.status = wait(for: pid)
        if timedOut {
            SecureFile.wipe(&output.standardOutput)
            throw .init(.unreachable, "\(executable) did not finish within \(timeout.components.seconds) s.")
        }
        return output
    }

    /// Runs in the foreground on this terminal (for `az login`'s prompts and device code), and
    /// returns its exit status. Ctrl-C reaches the program; this process waits it out.
    static func runInForeground(_ executable: String, _ arguments: [String], environment: [String: String])
        throws(CredentialError) -> Int32
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        var oldInterrupt = sigaction()
        var oldQuit = sigaction()
        sigaction(SIGINT, &ignore, &oldInterrupt)
        sigaction(SIGQUIT, &ignore, &oldQuit)
        defer {
            sigaction(SIGINT, &oldInterrupt, nil)
            sigaction(SIGQUIT, &oldQuit, nil)
        }
        let pid = try spawn(executable, arguments, environment: environment, actions: &actions)
        return wait(for: pid)
    }

    private static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String],
        actions: inout posix_spawn_file_actions_t
    ) throws(CredentialError) -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE, SIGTSTP, SIGCHLD] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0.key + "=" + $0.value) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        closeInheritedDescriptors(&actions)
        var pid: pid_t = 0
        var status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        // "Text file busy": a program just written is still open for writing somewhere, most
        // often in a child another thread forked before it could close it (the descriptor goes
        // at that child's exec). It passes in moments; as Go's os/exec does, try again briefly.
        var attempt = 0
        while status == ETXTBSY, attempt < 20 {
            attempt += 1
            usleep(useconds_t(1000 * attempt))
            status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        }
        guard status == 0 else { throw .storage("Cannot run \(executable): \(SecureFile.describe(status)).") }
        return pid
    }

    /// Everything above the standard three, after the actions that set those up (the pipes'
    /// ends were duplicated onto 1 and 2 by then). Descriptors this process opens are
    /// close-on-exec already; this catches those it inherited and those a library opened.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        if ado_spawn_close_from(&actions, 3) == 0 { return }
        // A C library without closefrom: each descriptor open now (glibc ignores closing one
        // that is closed by then).
        for descriptor in TokenExec.openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }

    private static func wait(for pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// The first executable named `name` on PATH.
    static func find(_ name: String, path: String?) -> String? {
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        where !directory.isEmpty {
            let candidate = directory + "/" + name
            var status = stat()
            if stat(candidate, &status) == 0, status.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0
            {
                return candidate
            }
        }
        return nil
    }
}

extension Environment {
    /// The environment for a program ado-accounts starts: everything but the PAT variables, so
    /// that a token never reaches another process through its environment.
    public var forChildProcess: [String: String] {
        variables.filter { !TokenChain.environmentVariables.contains($0.key) }
    }
}
