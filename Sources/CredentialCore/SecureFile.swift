#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File access with the guarantees a credential file needs: links are never followed, files must
/// be regular and ours, writes replace a file atomically (temporary file, fsync, rename, fsync of
/// the directory) and leave it 0600 whatever the umask.
enum SecureFile {
    static let temporaryMarker = ".ado-tmp-"

    struct Contents {
        var bytes: [UInt8]
        /// Permission bits of the file as found.
        var mode: mode_t
    }

    /// The file's bytes, or nil when it does not exist.
    static func read(_ path: String) throws(CredentialError) -> Contents? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        if descriptor < 0 {
            let error = errno
            if error == ENOENT || error == ENOTDIR { return nil }
            throw failure(error, reading: path)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(errno, reading: path) }
        try checkOwnedRegularFile(status, path: path)

        var bytes = [UInt8]()
        bytes.reserveCapacity(Int(status.st_size) + 1)
        // Sized to the file: zeroing and wiping a fixed 64 KiB per read showed in start-up profiles.
        var chunk = [UInt8](repeating: 0, count: max(4096, min(65536, Int(status.st_size) + 1)))
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let error = errno
                wipe(&bytes)
                throw failure(error, reading: path)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maximumSize {
                wipe(&bytes)
                throw .storage("\(path) is larger than \(maximumSize / 1_048_576) MiB; refusing to read it.")
            }
        }
        wipe(&chunk)
        return Contents(bytes: bytes, mode: status.st_mode & 0o7777)
    }

    static let maximumSize = 16 * 1_048_576

    /// Permission bits of an existing regular file (links are not followed), or nil.
    static func mode(of path: String) -> mode_t? {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return status.st_mode & 0o7777
    }

    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Replaces `path` with `bytes` so that a reader, or a crash at any moment, sees either the old
    /// file or the new one, never a mix; the result is 0600.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(CredentialError) {
        let directory = parentDirectory(of: path)
        try refuseUnsafeTarget(path)

        var template = Array((directory + "/." + baseName(of: path) + temporaryMarker + "XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if descriptor < 0 { throw failure(errno, writing: path) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        let temporaryPath = String(cString: template)
        var renamed = false
        defer {
            if !renamed { unlink(temporaryPath) }
        }
        CrashPoint.reach("file.temporary-created")
        do {
            defer { close(descriptor) }
            guard fchmod(descriptor, 0o600) == 0 else { throw failure(errno, writing: path) }
            try writeAll(bytes, to: descriptor, path: path)
            guard fsync(descriptor) == 0 else { throw failure(errno, writing: path) }
        }
        CrashPoint.reach("file.before-rename")
        guard rename(temporaryPath, path) == 0 else { throw failure(errno, writing: path) }
        renamed = true
        CrashPoint.reach("file.after-rename")
        syncDirectory(directory)
    }

    static func remove(_ path: String) throws(CredentialError) {
        if unlink(path) != 0, errno != ENOENT { throw failure(errno, writing: path) }
        CrashPoint.reach("file.after-remove")
        syncDirectory(parentDirectory(of: path))
    }

    /// Creates the directory and any missing parents as 0700; existing directories are left alone.
    static func ensureDirectory(_ path: String) throws(CredentialError) {
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw .storage("\(path) exists and is not a directory.")
            }
            return
        }
        let parent = parentDirectory(of: path)
        if parent != path, !parent.isEmpty { try ensureDirectory(parent) }
        if mkdir(path, 0o700) != 0, errno != EEXIST { throw failure(errno, creating: path) }
        chmod(path, 0o700)  // mkdir's mode is filtered by the umask
    }

    /// Removes temporary files left by a writer that was killed between creating and renaming
    /// them. Only called with the directory lock held, so no live writer owns one.
    static func removeStrayTemporaryFiles(in directory: String) {
        guard let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix("."), name.contains(temporaryMarker) {
                unlink(directory + "/" + name)
            }
        }
    }

    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress { explicit_bzero(base, raw.count) }
        }
    }

    // MARK: - Details

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(CredentialError)
    {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure(errno, writing: path)
            }
            offset += written
        }
    }

    private static func refuseUnsafeTarget(_ path: String) throws(CredentialError) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        try checkOwnedRegularFile(status, path: path)
    }

    private static func checkOwnedRegularFile(_ status: stat, path: String) throws(CredentialError) {
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK: throw .storage("\(path) is a symbolic link; refusing to follow it.")
        case S_IFDIR: throw .storage("\(path) is a directory, not a file.")
        default: throw .storage("\(path) is not a regular file.")
        }
        if status.st_uid != geteuid() {
            throw .storage("\(path) belongs to user id \(status.st_uid), not to you; refusing to use it.")
        }
    }

    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    private static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func failure(_ error: Int32, reading path: String) -> CredentialError {
        if error == ELOOP { return .storage("\(path) is a symbolic link; refusing to follow it.") }
        return .storage("Cannot read \(path): \(describe(error)).")
    }

    static func failure(_ error: Int32, writing path: String) -> CredentialError {
        if error == EISDIR { return .storage("Cannot write \(path): it is a directory.") }
        return .storage("Cannot write \(path): \(describe(error)).")
    }

    static func failure(_ error: Int32, creating path: String) -> CredentialError {
        .storage("Cannot create \(path): \(describe(error)).")
    }

    static func describe(_ error: Int32) -> String {
        switch error {
        case ENOSPC: return "no space left on the device"
        case EDQUOT: return "disk quota exceeded"
        case EROFS: return "the file system is read-only"
        case EACCES, EPERM: return "permission denied"
        case ENOENT: return "no such file or directory"
        case ENOTDIR: return "a part of the path is not a directory"
        default: return String(cString: strerror(error)).lowercased()
        }
    }
}
