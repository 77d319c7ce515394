import CProcessHardening

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
        let bytes = try readAll(descriptor, size: Int(status.st_size), path: path)
        return Contents(bytes: bytes, mode: status.st_mode & 0o7777)
    }

    /// `read`, for the files az reads as UTF-8 text (`config`, `organization_list`, the token
    /// file). One that starts with a UTF-16 byte-order mark is refused: az cannot read it, and
    /// a change written into it as UTF-8 would leave a file in two encodings.
    static func readText(_ path: String) throws(CredentialError) -> Contents? {
        guard var contents = try read(path) else { return nil }
        try refuseUTF16(&contents.bytes, path: path)
        return contents
    }

    /// Every byte the open file holds, for `read` and for `LeasedFile`. The size limit applies
    /// before anything is allocated (a sparse file of a terabyte costs nothing to make) and again
    /// while reading (the file may grow). Read with `pread` from the start, whatever the offset.
    static func readAll(_ descriptor: Int32, size: Int, path: String) throws(CredentialError) -> [UInt8] {
        guard size <= maximumSize else { throw tooLarge(path) }
        var bytes = [UInt8]()
        // Reserved up front, so that it grows only when the file did meanwhile.
        bytes.reserveCapacity(max(0, size) + 1)
        // Sized to the file: zeroing and wiping a fixed 64 KiB per read showed in start-up profiles.
        var chunk = [UInt8](repeating: 0, count: max(4096, min(65536, size + 1)))
        defer { wipe(&chunk) }
        while true {
            let count = chunk.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress, $0.count, off_t(bytes.count))
            }
            if count < 0 {
                if errno == EINTR { continue }
                let error = errno
                wipe(&bytes)
                throw failure(error, reading: path)
            }
            if count == 0 { return bytes }
            SecretBytes.append(chunk[0..<count], to: &bytes)
            if bytes.count > maximumSize {
                wipe(&bytes)
                throw tooLarge(path)
            }
        }
    }

    /// A file that starts with a UTF-16 byte-order mark is refused (and wiped): az cannot read
    /// it, and a change written into it as UTF-8 would leave a file in two encodings.
    static func refuseUTF16(_ bytes: inout [UInt8], path: String) throws(CredentialError) {
        guard bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) else { return }
        wipe(&bytes)
        throw .storage(
            "\(path) is UTF-16 text, which az cannot read; convert it to UTF-8 (iconv -f UTF-16 -t UTF-8) and try again."
        )
    }

    static let maximumSize = 16 * 1_048_576

    private static func tooLarge(_ path: String) -> CredentialError {
        .storage("\(path) is larger than \(maximumSize / 1_048_576) MiB; refusing to read it.")
    }

    /// The number of names (hard links) of an existing regular file, or nil.
    static func linkCount(of path: String) -> Int? {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(status.st_nlink)
    }

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

    /// A new version of a file, written and flushed under a temporary name beside it but not yet
    /// in place. A change to several files prepares every one before installing any, so that a
    /// full disk or a failed write stops it before anything changed. Discarded (the temporary
    /// file removed) unless installed.
    final class Prepared {
        let path: String
        let temporaryPath: String
        private var installed = false

        fileprivate init(path: String, temporaryPath: String) {
            self.path = path
            self.temporaryPath = temporaryPath
        }

        /// Renames the new version over `path`: a reader, or a crash at any moment, sees the old
        /// file or the new one, never a mix. The directory is synced by the caller, once.
        func install() throws(CredentialError) {
            CrashPoint.reach("file.before-rename")
            guard rename(temporaryPath, path) == 0 else { throw failure(errno, writing: path) }
            installed = true
            CrashPoint.reach("file.after-rename")
        }

        deinit {
            if !installed { unlink(temporaryPath) }
        }
    }

    /// Writes `bytes` to a new 0600 file beside `path` (whatever the umask) and flushes it.
    static func prepare(_ bytes: [UInt8], for path: String) throws(CredentialError) -> Prepared {
        let directory = parentDirectory(of: path)
        try refuseUnsafeTarget(path)

        var template = Array((directory + "/." + baseName(of: path) + temporaryMarker + "XXXXXX").utf8CString)
        // Close-on-exec from the start: a program another thread starts meanwhile (az, git)
        // must not inherit the new token file.
        let descriptor = template.withUnsafeMutableBufferPointer { ado_mkstemp($0.baseAddress!) }
        if descriptor < 0 { throw failure(errno, writing: path) }
        let prepared = Prepared(path: path, temporaryPath: String(cString: template))
        CrashPoint.reach("file.temporary-created")
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o600) == 0 else { throw failure(errno, writing: path) }
        try writeAll(bytes, to: descriptor, path: path)
        guard fsync(descriptor) == 0 else { throw failure(errno, writing: path) }
        return prepared
    }

    /// Removes a file; the directory is synced by the caller.
    static func remove(_ path: String) throws(CredentialError) {
        if unlink(path) != 0, errno != ENOENT { throw failure(errno, writing: path) }
        CrashPoint.reach("file.after-remove")
    }

    /// Creates the directory and any missing parents as 0700; existing directories are left alone
    /// (whether they are safe to write through is `ConfigDirectory.unsafeDirectories`' question).
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
        if mkdir(path, 0o700) != 0 {
            guard errno == EEXIST else { throw failure(errno, creating: path) }
            // Someone made it between the check and mkdir: what stands there now is checked
            // like everything that existed before (a link is refused then, never followed here).
            return
        }
        // mkdir's mode is filtered by the umask. Through a descriptor on what was just made, so
        // that a link swapped in meanwhile is not followed.
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(errno, creating: path) }
        defer { close(descriptor) }
        fchmod(descriptor, 0o700)
    }

    /// Removes temporary files left by a writer that was killed between creating and renaming
    /// them. Only called with the directory lock held, so no live writer owns one.
    static func removeStrayTemporaryFiles(in directory: String) {
        for name in strayTemporaryFiles(in: directory) { unlink(directory + "/" + name) }
    }

    static func hasStrayTemporaryFiles(in directory: String) -> Bool {
        !strayTemporaryFiles(in: directory, first: true).isEmpty
    }

    private static func strayTemporaryFiles(in directory: String, first: Bool = false) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        let marker = Array(temporaryMarker.utf8)
        while let entry = readdir(handle) {
            // Every run looks, and almost never finds one: names are read as bytes, and a String
            // is made only of one that holds the marker.
            let name: String? = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = UnsafeRawBufferPointer(rebasing: raw.prefix(while: { $0 != 0 }))
                guard bytes.first == UInt8(ascii: "."), ByteSearch.contains(marker, in: bytes) else {
                    return nil
                }
                return String(decoding: bytes, as: UTF8.self)
            }
            if let name, name.hasPrefix("."), name.contains(temporaryMarker) {
                names.append(name)
                if first { break }
            }
        }
        return names
    }

    static func wipe(_ bytes: inout [UInt8]) {
        SecretBytes.wipe(&bytes)
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

    static func checkOwnedRegularFile(_ status: stat, path: String) throws(CredentialError) {
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

    static func syncDirectory(_ directory: String) {
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
