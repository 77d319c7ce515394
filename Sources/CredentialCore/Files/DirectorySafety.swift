#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A directory a write would go through that someone else could have planted or can change:
/// another user who can replace `azuredevops` with a link to the victim's `~/.ssh` makes `use`
/// append `[defaults]` to `~/.ssh/config`.
struct UnsafeDirectory: Sendable, Equatable {
    enum Reason: Sendable, Equatable {
        case symbolicLink
        case notADirectory
        case ownedBy(uid_t)
        case writableByOthers(mode_t)
    }

    let path: String
    let reason: Reason

    /// What is wrong, without the consequence.
    var problem: String {
        switch reason {
        case .symbolicLink: "\(path) is a symbolic link"
        case .notADirectory: "\(path) is not a directory"
        case .ownedBy(let owner): "\(path) belongs to user id \(owner), not to you or root"
        case .writableByOthers(let mode):
            "\(path) is writable by group or others (mode \(String(mode & 0o7777, radix: 8)))"
        }
    }

    var refusal: CredentialError { .storage("\(problem); refusing to write through it.") }

    /// For `doctor`: why it matters and what to do.
    var explanation: String {
        switch reason {
        case .symbolicLink:
            "\(problem): a write would go wherever it points. ado-accounts will not write through it; put the directory itself there."
        case .notADirectory:
            "\(problem). ado-accounts will not write there."
        case .ownedBy:
            "\(problem): its owner can replace what is in it. ado-accounts will not write through it."
        case .writableByOthers:
            "\(problem): other users can replace what is in it. ado-accounts will not write through it; run 'chmod go-w \(path)'."
        }
    }
}

extension ConfigDirectory {
    /// OpenSSH's StrictModes, as it checks `~/.ssh`: the config directory must be a directory
    /// (not a link to one) owned by you or root and writable by nobody else (your own private
    /// group aside, as Debian's OpenSSH allows), and so must every directory above it up to
    /// your home directory, or `/`. Above the config directory, links are followed (a
    /// `~/.azure` that is your own link is fine, as for OpenSSH) and a sticky directory such
    /// as `/tmp` may be writable by all: only the owner of an entry can rename or remove it
    /// there (a link on the way must then be yours or root's, as the kernel's
    /// protected_symlinks would require).
    func unsafeDirectories() -> [UnsafeDirectory] {
        var found: [UnsafeDirectory] = []
        // A trailing slash would make lstat follow a link.
        var own = path
        while own.count > 1, own.hasSuffix("/") { own.removeLast() }
        var status = stat()
        if lstat(own, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                if let reason = Self.reason(status, stickyIsEnough: false) {
                    found.append(UnsafeDirectory(path: own, reason: reason))
                }
            case S_IFLNK: found.append(UnsafeDirectory(path: own, reason: .symbolicLink))
            default: found.append(UnsafeDirectory(path: own, reason: .notADirectory))
            }
        }
        // Links on the way there, which the walk below resolves: one that another user owns
        // (in a sticky /tmp, say) can be swapped for a link to anywhere at any moment.
        var prefix = own.hasPrefix("/") ? "" : "."
        for component in own.split(separator: "/").dropLast() {
            prefix += "/" + component
            if lstat(prefix, &status) == 0, status.st_mode & S_IFMT == S_IFLNK,
                status.st_uid != 0, status.st_uid != geteuid()
            {
                found.append(UnsafeDirectory(path: prefix, reason: .ownedBy(status.st_uid)))
            }
        }
        // From the nearest directory that exists: the ones still to be made will be 0700 and
        // yours, but not inside a directory someone else controls.
        var existing = SecureFile.parentDirectory(of: own)
        var resolved = Self.resolved(existing)
        while resolved == nil, existing != "/", existing != "." {
            existing = SecureFile.parentDirectory(of: existing)
            resolved = Self.resolved(existing)
        }
        guard var current = resolved else { return found }
        while true {
            if stat(current, &status) == 0, let reason = Self.reason(status, stickyIsEnough: true) {
                found.append(UnsafeDirectory(path: current, reason: reason))
            }
            if current == "/" || current == Self.home { break }
            current = SecureFile.parentDirectory(of: current)
        }
        return found
    }

    /// Creates the directory (0700) when it is missing, after checking that nothing on the way
    /// is unsafe, and checks it (again): the first unsafe directory is thrown as a one-line
    /// refusal.
    func prepareForWriting() throws(CredentialError) {
        if !SecureFile.exists(path) {
            if let first = unsafeDirectories().first { throw first.refusal }
            try SecureFile.ensureDirectory(path)
        }
        if let first = unsafeDirectories().first { throw first.refusal }
    }

    private static func reason(_ status: stat, stickyIsEnough: Bool) -> UnsafeDirectory.Reason? {
        if status.st_uid != 0, status.st_uid != geteuid() { return .ownedBy(status.st_uid) }
        if stickyIsEnough, status.st_mode & S_ISVTX != 0 { return nil }
        // Writable by your own private group is writable by you only (as Debian's OpenSSH
        // allows): with umask 002, az makes ~/.azure 0775.
        let groupIsYours =
            status.st_mode & 0o020 != 0 && status.st_uid == geteuid() && user.hasPrivateGroup(status.st_gid)
        if status.st_mode & 0o002 != 0 || (status.st_mode & 0o020 != 0 && !groupIsYours) {
            return .writableByOthers(status.st_mode)
        }
        return nil
    }

    private static let user = UserAccount.current

    /// Where the walk stops, as OpenSSH stops it: the account's home directory (from the
    /// password database, which the environment cannot move), links resolved.
    private static let home: String? = user.homeDirectory.flatMap(resolved)

    private static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
