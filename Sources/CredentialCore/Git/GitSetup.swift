#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `setup-git`: the git configuration that makes `ado-accounts git-credential` git's credential
/// helper for Azure Repos, written (or removed) with `git config`, as `gh auth setup-git` does.
///
/// For each URL it serves, the helper list is first reset (an empty `helper`), so that helpers
/// configured for every host (a store, a cache, a manager) are not asked first with a stale
/// password, and then the helper is added. `useHttpPath` is set where the organization is in the
/// path: dev.azure.com and stored servers.
public struct GitSetup: Sendable {
    public enum Scope: String, Sendable {
        case global
        case local
    }

    /// One `credential.<url>` section.
    public struct Context: Sendable, Equatable {
        public let url: String
        public let useHTTPPath: Bool
        /// A server over plain http:// beyond this machine: the helper is given `--allow-http`.
        public var allowsHTTP = false
    }

    public let scope: Scope
    public let environment: Environment
    /// The `!…` shell snippet git runs (git appends the action).
    public let helper: String

    public init(scope: Scope, environment: Environment = .current, executable: String) {
        self.scope = scope
        self.environment = environment
        helper = "!" + Self.shellQuoted(executable) + " git-credential"
    }

    /// dev.azure.com, every visualstudio.com organization, and the scheme, host and port of
    /// each stored organization on another server; `refused` says, one line each, which servers
    /// were left out because a token must not travel to them over plain http (`allowingHTTP` is
    /// the person's `--allow-http`).
    public static func contexts(for organizations: [OrganizationURL], allowingHTTP: Bool = false)
        -> (served: [Context], refused: [CredentialError])
    {
        var refused: [CredentialError] = []
        var contexts = [
            Context(url: "https://dev.azure.com", useHTTPPath: true),
            Context(url: "https://*.visualstudio.com", useHTTPPath: false),
        ]
        for organization in organizations {
            let url = organization.canonicalURL
            guard let separator = ByteSearch.firstOffset(of: "://", in: url) else { continue }
            let start = url.utf8.index(url.startIndex, offsetBy: separator + 3)
            let authority = url[start...].prefix { $0 != "/" }
            let host = authority.prefix { $0 != ":" }
            if authority.contains("@") || host == "dev.azure.com"
                || AzureDevOpsRemote.isVisualStudioHost(String(host))
            {
                continue
            }
            if let reason = organization.cleartextRefusal(allowingHTTP: allowingHTTP) {
                if !refused.contains(reason) { refused.append(reason) }
                continue
            }
            var context = Context(url: String(url[..<start]) + authority, useHTTPPath: true)
            context.allowsHTTP = organization.parts.scheme == "http" && !organization.parts.host.isLoopback
            if !contexts.contains(context) { contexts.append(context) }
        }
        return (contexts, refused)
    }

    /// Writes the sections; returns the `git config` commands that wrote them, for people to
    /// see, and the helpers configured for the same URLs that are kept but no longer asked (one
    /// line each). Only this command's own lines are cleared first, so that running it again
    /// writes the same file and `remove` brings back what was there.
    public func apply(_ contexts: [Context]) throws(CredentialError) -> (wrote: [String], shadowed: [String])
    {
        try requireRepositoryForLocalScope()
        var wrote: [String] = []
        var shadowed: [String] = []
        for context in contexts {
            let key = "credential.\(context.url).helper"
            let path = "credential.\(context.url).useHttpPath"
            let present = try run(["--get-all", key], allowing: [1]).split(separator: "\n").map(String.init)
            for value in present where !Self.isOurs(value) {
                shadowed.append("\(key) '\(value)'")
            }
            // Read before anything is removed: a section left empty is deleted by git, and
            // every section is then written anew, so that running this again writes the same file.
            let pathValue = context.useHTTPPath ? try previousUseHTTPPath(for: context.url) : nil
            try git(["--unset-all", key, Self.ownValues], allowing: [5])
            if pathValue != nil {
                try git(["--unset-all", Self.previousUseHTTPPathKey(context.url)], allowing: [5])
                try git(["--unset-all", path], allowing: [5])
            }
            wrote.append(try git(["--add", key, ""]))
            wrote.append(try git(["--add", key, helper + (context.allowsHTTP ? " " + Self.allowHTTP : "")]))
            if let previous = pathValue {
                // nil inside: the person's own `true`, which stays.
                if let previous {
                    wrote.append(try git([Self.previousUseHTTPPathKey(context.url), previous]))
                }
                wrote.append(try git([path, "true"]))
            }
        }
        return (wrote, shadowed)
    }

    /// The key that remembers what `useHttpPath` was before `apply` set it ("unset" when it was
    /// not set), so that `remove` puts back a value the person chose and removes only ours.
    static func previousUseHTTPPathKey(_ url: String) -> String {
        "credential.\(url).ado-accounts-previous-useHttpPath"
    }

    /// What to remember `useHttpPath` was: the note of an earlier run, else its value now
    /// ("unset" when not set); nil when it is already the person's own `true`.
    private func previousUseHTTPPath(for url: String) throws(CredentialError) -> String?? {
        let note = try run(["--get", Self.previousUseHTTPPathKey(url)], allowing: [1])
            .split(separator: "\n").last.map(String.init)
        if let note { return .some(note) }
        let current = try run(["--get", "credential.\(url).useHttpPath"], allowing: [1])
            .split(separator: "\n").last.map(String.init)
        return current == "true" ? .some(nil) : .some(current ?? "unset")
    }

    /// Removes this helper, the empty reset before it and `useHttpPath` from every section that
    /// names this helper; other helpers are left alone. Returns the commands it ran.
    public func remove() throws(CredentialError) -> [String] {
        try requireRepositoryForLocalScope()
        let listing = try run(["--get-regexp", #"^credential\..*\.helper$"#], allowing: [1])
        var sections: [String] = []
        for line in listing.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            let key = line[..<space]
            let value = line[line.index(after: space)...]
            guard Self.isOurs(String(value)), key.hasSuffix(".helper") else { continue }
            let section = String(key.dropFirst("credential.".count).dropLast(".helper".count))
            if !sections.contains(section) { sections.append(section) }
        }
        var ran: [String] = []
        for section in sections {
            ran.append(
                try git(
                    ["--unset-all", "credential.\(section).helper", Self.ownValues],
                    allowing: [5]))
            ran += try restoreUseHTTPPath(for: section)
        }
        return ran
    }

    /// Puts back the `useHttpPath` that `apply` replaced, and leaves one it did not write.
    private func restoreUseHTTPPath(for url: String) throws(CredentialError) -> [String] {
        let note = Self.previousUseHTTPPathKey(url)
        guard let previous = try run(["--get", note], allowing: [1]).split(separator: "\n").last else {
            return []
        }
        let path = "credential.\(url).useHttpPath"
        let restored =
            previous == "unset"
            ? try git(["--unset-all", path], allowing: [5]) : try git([path, String(previous)])
        return [restored, try git(["--unset-all", note], allowing: [5])]
    }

    /// `--local` outside any repository is a mistake in the command, not a failure of git's
    /// configuration: said as such (exit 2) before git runs. Cases git settles by rules of its
    /// own (`GIT_DIR`, a bare repository) are left to git.
    private func requireRepositoryForLocalScope() throws(CredentialError) {
        guard scope == .local, let directory = RepositoryContext.currentDirectory(),
            GitRepository.discover(from: directory, environment: environment) == .none
        else { return }
        throw .invalidInput(
            "The current directory, \(Printable.sanitized(directory)), is in no git repository, whose configuration the local scope writes.",
            hint: .runInRepositoryOrUseGlobalScope(directory: Printable.sanitized(directory)))
    }

    /// A helper this command wrote, whichever binary it named.
    static func isOurs(_ value: String) -> Bool {
        value.hasPrefix("!") && value.contains("ado-accounts")
            && (value.hasSuffix(" git-credential") || value.hasSuffix(" git-credential " + allowHTTP))
    }

    static let allowHTTP = "--allow-http"

    /// The values `apply` writes, as a `git config` value pattern: the empty reset and the helper.
    static let ownValues = #"^$|ado-accounts.* git-credential( --allow-http)?$"#

    @discardableResult
    private func git(_ arguments: [String], allowing: Set<Int32> = []) throws(CredentialError) -> String {
        _ = try run(arguments, allowing: allowing)
        return (["git", "config", "--\(scope.rawValue)"] + arguments).map(Self.shellQuoted).joined(
            separator: " ")
    }

    private func run(_ arguments: [String], allowing: Set<Int32>) throws(CredentialError) -> String {
        try Self.gitConfig(["--\(scope.rawValue)"] + arguments, environment: environment, allowing: allowing)
    }

    /// `git config ARGUMENTS`: its standard output, or its first line of complaint as an error
    /// unless the exit status is one of `allowing`.
    static func gitConfig(_ arguments: [String], environment: Environment, allowing: Set<Int32>)
        throws(CredentialError) -> String
    {
        guard let git = Subprocess.find("git", path: environment["PATH"]) else {
            throw .notFound("git is not installed (no git on PATH).")
        }
        let output = try Subprocess.capture(
            git, ["config"] + arguments, environment: environment.forChildProcess, timeout: .seconds(30))
        guard output.status == 0 || allowing.contains(output.status) else {
            let message =
                String(decoding: output.standardError, as: UTF8.self).split(separator: "\n").first
                .map { Printable.sanitized(String($0)) } ?? "exit status \(output.status)"
            throw .storage("git config failed: \(message)")
        }
        return String(decoding: output.standardOutput, as: UTF8.self)
    }

    /// Single quotes for sh, except for words that need none.
    static func shellQuoted(_ word: String) -> String {
        let plain =
            !word.isEmpty
            && word.unicodeScalars.allSatisfy {
                $0.isASCIIAlphanumeric || "-_./=:@,+".unicodeScalars.contains($0)
            }
        return plain ? word : "'" + word.replacing("'", with: #"'\''"#) + "'"
    }

    /// This program's path, for the helper line (so that git finds it whatever its PATH).
    public static func currentExecutable() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(cString: buffer)
    }
}
