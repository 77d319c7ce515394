#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The repository git would find for a directory, found the way git's discovery does it
/// (`setup_git_directory_gently`) but without starting git: `.git` (a directory, or a file that
/// says `gitdir:` for worktrees and submodules) in the directory or a parent, on the same file
/// system. Whatever git settles with rules this does not imitate (a bare repository, another
/// owner and `safe.directory`, the `GIT_DIR` family of variables, an invalid `.git`) is reported
/// as `.askGit`, so that the caller runs git and gets git's own answer.
struct GitRepository: Equatable {
    /// The directory holding `.git`.
    let workTree: String
    /// `.git`, or where a `.git` file points.
    let gitDirectory: String
    /// Where the shared configuration lives (`commondir` of a linked worktree), else `gitDirectory`.
    let commonDirectory: String

    enum Discovery: Equatable {
        /// No repository: git would say "not a git repository", and az finds no remote.
        case none
        case repository(GitRepository)
        case askGit(reason: String)
        /// A file git would open on the way is a FIFO (or a terminal): git would wait on it
        /// until killed, so there is no answer to ask it for.
        case gitWouldWait(file: String)
    }

    /// Variables that change where git looks or what configuration it reads.
    static let discoveryVariables = [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES",
        "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_OBJECT_DIRECTORY", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS",
        "GIT_CONFIG_COUNT", "GIT_TEST_ASSUME_DIFFERENT_OWNER",
    ]

    static func discover(from directory: String, environment: Environment) -> Discovery {
        if let variable = discoveryVariables.first(where: { environment[$0] != nil }) {
            return .askGit(reason: "\(variable) is set")
        }
        var status = stat()
        guard directory.hasPrefix("/"), stat(directory, &status) == 0 else { return .none }
        let device = status.st_dev
        var current =
            directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        while true {
            let dotGit = ConfigDirectory.join(current, ".git")
            switch GitFile.kind(dotGit) {
            case S_IFREG?:
                let target = gitFileTarget(dotGit, in: current)
                if let file = target.flatMap(fileMakingGitWait) { return .gitWouldWait(file: file) }
                guard let target, isGitDirectory(target) else {
                    return .askGit(reason: "\(dotGit) does not point to a repository")
                }
                return found(workTree: current, gitDirectory: target, gitFile: dotGit)
            case S_IFDIR?:
                if let file = fileMakingGitWait(in: dotGit) { return .gitWouldWait(file: file) }
                guard isGitDirectory(dotGit) else { return .askGit(reason: "\(dotGit) is not a repository") }
                return found(workTree: current, gitDirectory: dotGit, gitFile: nil)
            case nil:
                break
            default:
                return .askGit(reason: "\(dotGit) is neither a file nor a directory")
            }
            if let file = fileMakingGitWait(in: current) { return .gitWouldWait(file: file) }
            if isGitDirectory(current) {
                return .askGit(reason: "\(current) is a bare repository or a .git directory")
            }
            guard current != "/" else { return .none }
            let parent = ConfigDirectory.parent(of: current)
            // git stops at a file system boundary unless told otherwise.
            guard stat(parent, &status) == 0, status.st_dev == device else { return .none }
            current = parent
        }
    }

    /// git refuses a repository another user owns unless `safe.directory` says otherwise; that
    /// setting is git's to read.
    private static func found(workTree: String, gitDirectory: String, gitFile: String?) -> Discovery {
        let user = geteuid()
        for path in [gitFile, workTree, gitDirectory].compactMap({ $0 }) {
            var status = stat()
            guard lstat(path, &status) == 0, status.st_uid == user else {
                return .askGit(reason: "\(path) belongs to another user")
            }
        }
        return .repository(
            GitRepository(
                workTree: workTree, gitDirectory: gitDirectory,
                commonDirectory: commonDirectory(of: gitDirectory)))
    }

    /// `gitdir: PATH` (relative to the file's directory), as `read_gitfile_gently` reads it.
    private static func gitFileTarget(_ path: String, in directory: String) -> String? {
        guard let bytes = GitFile.read(path), bytes.starts(with: Array("gitdir: ".utf8)) else { return nil }
        var target = bytes.dropFirst(8)
        while let last = target.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 {
            target = target.dropLast()
        }
        guard !target.isEmpty, !target.contains(0x0A) else { return nil }
        let text = String(decoding: target, as: UTF8.self)
        return text.hasPrefix("/") ? text : ConfigDirectory.join(directory, text)
    }

    /// The file git opens first to tell whether `directory` is a repository, when it would wait
    /// on it: HEAD (unless a link, which git only reads), then, after a valid HEAD, commondir.
    static func fileMakingGitWait(in directory: String) -> String? {
        let head = ConfigDirectory.join(directory, "HEAD")
        var status = stat()
        guard lstat(head, &status) == 0, status.st_mode & S_IFMT != S_IFLNK else { return nil }
        if GitFile.makesGitWait(head) { return head }
        let commondir = ConfigDirectory.join(directory, "commondir")
        return hasValidHead(head) && GitFile.makesGitWait(commondir) ? commondir : nil
    }

    /// git's `is_git_directory`: a valid HEAD, and `objects` and `refs` in the common directory.
    static func isGitDirectory(_ path: String) -> Bool {
        guard hasValidHead(ConfigDirectory.join(path, "HEAD")) else { return false }
        let common = commonDirectory(of: path)
        return access(ConfigDirectory.join(common, "objects"), X_OK) == 0
            && access(ConfigDirectory.join(common, "refs"), X_OK) == 0
    }

    /// `validate_headref`: a link into `refs/`, `ref: refs/…`, or an object name.
    private static func hasValidHead(_ path: String) -> Bool {
        var status = stat()
        guard lstat(path, &status) == 0 else { return false }
        if status.st_mode & S_IFMT == S_IFLNK {
            var buffer = [CChar](repeating: 0, count: 4096)
            let count = readlink(path, &buffer, buffer.count - 1)
            guard count > 0 else { return false }
            return String(cString: buffer).hasPrefix("refs/")
        }
        guard let bytes = GitFile.read(path) else { return false }
        if bytes.starts(with: Array("ref:".utf8)) {
            let rest = bytes.dropFirst(4).drop { $0 == 0x20 || $0 == 0x09 }
            return rest.starts(with: Array("refs/".utf8))
        }
        let hex = bytes.prefix { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        return hex.count == 40 || hex.count == 64
    }

    /// `get_common_dir`: the `commondir` file's path (relative to the directory), else itself.
    static func commonDirectory(of gitDirectory: String) -> String {
        guard var bytes = GitFile.read(ConfigDirectory.join(gitDirectory, "commondir")) else {
            return gitDirectory
        }
        while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 {
            bytes.removeLast()
        }
        guard !bytes.isEmpty else { return gitDirectory }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.hasPrefix("/") ? text : ConfigDirectory.join(gitDirectory, text)
    }

    // MARK: - Configuration

    /// Every configuration file git reads for this repository, in git's order (system, global,
    /// the repository's, the worktree's), parsed; nil with a reason when git must be asked.
    func configuration(environment: Environment) -> Result<[GitConfigFile], AskGit> {
        var files: [GitConfigFile] = []
        var paths: [String] = []
        switch Self.gitBoolean(environment["GIT_CONFIG_NOSYSTEM"]) {
        case nil: return .failure(AskGit("GIT_CONFIG_NOSYSTEM is not a boolean"))
        case false?: paths.append(environment.nonEmpty("GIT_CONFIG_SYSTEM") ?? "/etc/gitconfig")
        case true?: break
        }
        if let global = environment.nonEmpty("GIT_CONFIG_GLOBAL") {
            paths.append(global)
        } else {
            let home = environment.homeDirectory
            let xdg = environment.nonEmpty("XDG_CONFIG_HOME") ?? ConfigDirectory.join(home, ".config")
            paths.append(ConfigDirectory.join(xdg, "git/config"))
            paths.append(ConfigDirectory.join(home, ".gitconfig"))
        }
        for path in paths {
            if let wait = Self.waiting(on: path) { return .failure(wait) }
            guard let file = Self.parse(path) else {
                return .failure(AskGit("\(path) is not plain git configuration"))
            }
            files.append(file)
        }
        let localPath = ConfigDirectory.join(commonDirectory, "config")
        if let wait = Self.waiting(on: localPath) { return .failure(wait) }
        guard let local = Self.parse(localPath) else {
            return .failure(AskGit("the repository's configuration is not plain git configuration"))
        }
        files.append(local)
        let version = local.values(section: "core", name: "repositoryformatversion").last ?? nil
        guard version == nil || version == "0" || version == "1" else {
            return .failure(AskGit("the repository format is \(version ?? "")"))
        }
        let extensions = local.entries.filter { $0.section == "extensions" && $0.subsection == nil }
        if let unknown = extensions.first(where: { !Self.knownExtensions.contains($0.name) }) {
            return .failure(AskGit("the repository uses extensions.\(unknown.name)"))
        }
        // A name without a value is true.
        let worktreeConfig = local.values(section: "extensions", name: "worktreeconfig").last.map {
            $0.map(Self.gitBoolean) ?? true
        }
        if worktreeConfig == .some(nil) {
            return .failure(AskGit("extensions.worktreeConfig is not a boolean"))
        }
        if worktreeConfig == true {
            let worktreePath = ConfigDirectory.join(gitDirectory, "config.worktree")
            if let wait = Self.waiting(on: worktreePath) { return .failure(wait) }
            guard let worktree = Self.parse(worktreePath) else {
                return .failure(AskGit("config.worktree is not plain git configuration"))
            }
            files.append(worktree)
        }
        return .success(files)
    }

    struct AskGit: Error, Equatable {
        let reason: String
        /// git would wait on a file (`GitFile.makesGitWait`): asking it gives no answer.
        var gitWouldWait = false
        init(_ reason: String) { self.reason = reason }
    }

    private static func waiting(on path: String) -> AskGit? {
        guard GitFile.makesGitWait(path) else { return nil }
        var ask = AskGit("git would wait on \(path)")
        ask.gitWouldWait = true
        return ask
    }

    private static let knownExtensions: Set<String> = [
        "noop", "preciousobjects", "partialclone", "worktreeconfig", "objectformat",
    ]

    /// A missing file is an empty configuration; nil when git must read it (includes, syntax
    /// this parser refuses).
    private static func parse(_ path: String) -> GitConfigFile? {
        guard GitFile.kind(path) != nil else { return GitConfigFile(parsing: []) }
        guard let bytes = GitFile.read(path), let file = GitConfigFile(parsing: bytes), !file.hasIncludes
        else {
            return nil
        }
        return file
    }

    /// git's booleans; a missing variable or value is false here. Nil when git would refuse it.
    static func gitBoolean(_ value: String?) -> Bool? {
        guard let value else { return false }
        switch value.lowercased() {
        case "", "false", "no", "off", "0": return false
        case "true", "yes", "on", "1": return true
        default: return nil
        }
    }
}

extension ConfigDirectory {
    /// The directory above an absolute path; "/" for "/" and for a top-level name.
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}
