#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive advisory lock on `ado-accounts.lock` in the config directory. Every change to
/// `config`, `organization_list`, the token file and the keyring happens while it is held, so
/// concurrent ado-accounts processes apply their changes one after another and none is lost.
///
/// The lock file must be a regular file of yours: whoever owns it could remove it while you
/// hold it and let a second writer in.
struct DirectoryLock {
    let path: String

    func withExclusiveLock<T>(_ body: () throws(CredentialError) -> T) throws(CredentialError) -> T {
        let descriptor = try open(creating: true)!
        defer { close(descriptor) }  // closing releases the lock
        while flock(descriptor, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw .storage("Cannot lock \(path): \(SecureFile.describe(errno)).")
        }
        return try body()
    }

    /// Why the lock file cannot be used, when it exists and cannot (for `doctor`).
    func problem() -> String? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        do throws(CredentialError) {
            try SecureFile.checkOwnedRegularFile(status, path: path)
            return nil
        } catch {
            return error.message
        }
    }

    /// Nil when the file does not exist and `creating` is false.
    private func open(creating: Bool) throws(CredentialError) -> Int32? {
        let flags = O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | (creating ? O_CREAT : 0)
        let descriptor = Glibc.open(path, flags, 0o600)
        if descriptor < 0 {
            let error = errno
            if error == ENOENT, !creating { return nil }
            if error == ELOOP { throw .storage("\(path) is a symbolic link; refusing to follow it.") }
            throw .storage("Cannot open the lock file \(path): \(SecureFile.describe(error)).")
        }
        var status = stat()
        do throws(CredentialError) {
            guard fstat(descriptor, &status) == 0 else { throw SecureFile.failure(errno, reading: path) }
            try SecureFile.checkOwnedRegularFile(status, path: path)
        } catch {
            close(descriptor)
            throw error
        }
        return descriptor
    }
}
