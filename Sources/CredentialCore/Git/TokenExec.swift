#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `exec`: a command run with the token an organization resolves to, the way `aws-vault exec`
/// runs one with credentials. The token goes only into the command's environment (never into
/// an argument), as `AZURE_DEVOPS_EXT_PAT`, together with az's default organization and project
/// variables, so that `az repos list` needs no `--organization`. The global default is not
/// touched.
///
/// The command replaces this process (execve), so it has this process's id, its exit status and
/// a signal that ends it are what the shell sees, and signals sent to it reach it directly.
/// Descriptors this process opened are closed first; those it was started with are passed on.
public enum TokenExec {
    /// What the process looked like before anything was opened or changed: restored for the
    /// command.
    public struct Inheritance: Sendable {
        let descriptors: Set<Int32>
        let signalMask: sigset_t
        let ignoredSignals: Set<Int32>

        /// Call first, before any store is opened.
        public static func capture() -> Inheritance {
            var mask = sigset_t()
            pthread_sigmask(SIG_SETMASK, nil, &mask)
            var ignored = Set<Int32>()
            for signal in 1..<Int32(32) where signal != SIGKILL && signal != SIGSTOP {
                var action = sigaction()
                if sigaction(signal, nil, &action) == 0,
                    unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self)
                        == unsafeBitCast(SIG_IGN, to: Int.self)
                {
                    ignored.insert(signal)
                }
            }
            return Inheritance(descriptors: openDescriptors(), signalMask: mask, ignoredSignals: ignored)
        }
    }

    /// The command's environment: this one, with the token and az's defaults.
    public static func environment(
        _ environment: Environment, token: PersonalAccessToken, organization: OrganizationURL?,
        project: String?
    ) -> [String: String] {
        var variables = environment.variables
        variables["AZURE_DEVOPS_EXT_PAT"] = token.revealed
        // The older name, when present, says the same, so no program sees two tokens.
        if variables["AZURE_DEVOPS_CLI_PAT"] != nil { variables["AZURE_DEVOPS_CLI_PAT"] = token.revealed }
        if let organization {
            variables[DevOpsConfig.overrideVariable(for: "organization")] = organization.url
        }
        if let project { variables[DevOpsConfig.overrideVariable(for: "project")] = project }
        return variables
    }

    /// Replaces this process with `arguments[0]` looked up on PATH as a shell does. Returns only
    /// when it could not be started, with the shell's status (127 not found, 126 not runnable)
    /// and its message.
    public static func replaceProcess(
        with arguments: [String], environment: [String: String], inheritance: Inheritance
    ) -> (status: Int32, message: String) {
        guard let command = arguments.first, !command.isEmpty else { return (127, ": command not found") }
        for descriptor in openDescriptors().subtracting(inheritance.descriptors) where descriptor > 2 {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        // Handlers do not survive execve; what this process ignored (a library's SIGPIPE) must
        // not be passed on unless the shell had it ignored too.
        for signal in 1..<Int32(32) where signal != SIGKILL && signal != SIGSTOP {
            var action = sigaction()
            action.__sigaction_handler.sa_handler =
                inheritance.ignoredSignals.contains(signal) ? SIG_IGN : SIG_DFL
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, nil)
        }
        var mask = inheritance.signalMask
        pthread_sigmask(SIG_SETMASK, &mask, nil)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0.key + "=" + $0.value) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        let candidates =
            command.contains("/")
            ? [command]
            : (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(
                separator: ":", omittingEmptySubsequences: false
            ).map { $0.isEmpty ? command : $0 + "/" + command }
        var denied = false
        for candidate in candidates {
            execve(candidate, argv, envp)
            let error = errno
            if error == ENOEXEC {
                // A script without a #! line: the shell runs it with sh, and so does execvp.
                let shell = [strdup("/bin/sh"), strdup(candidate)] + argv.dropFirst()
                execve("/bin/sh", shell, envp)
                free(shell[0])
                free(shell[1])
                return (126, "\(command): \(SecureFile.describe(errno))")
            }
            if error == EACCES {
                denied = true
            } else if error != ENOENT && error != ENOTDIR {
                return (126, "\(command): \(SecureFile.describe(error))")
            }
        }
        return denied ? (126, "\(command): Permission denied") : (127, "\(command): command not found")
    }

    static func openDescriptors() -> Set<Int32> {
        guard let directory = opendir("/proc/self/fd") else { return [] }
        let own = dirfd(directory)
        var descriptors = Set<Int32>()
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let descriptor = Int32(name), descriptor != own { descriptors.insert(descriptor) }
        }
        closedir(directory)
        return descriptors
    }
}
