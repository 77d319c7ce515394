#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive advisory lock on `ado-accounts.lock` in the config directory. Every change to
/// `config`, `organization_list`, the token file and the keyring happens while it is held, so
/// concurrent ado-accounts processes apply their changes one after another and none is lost.
struct DirectoryLock {
    let path: String

    func withExclusiveLock<T>(_ body: () throws(CredentialError) -> T) throws(CredentialError) -> T {
        let descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            let error = errno
            if error == ELOOP { throw .storage("\(path) is a symbolic link; refusing to follow it.") }
            throw .storage("Cannot open the lock file \(path): \(SecureFile.describe(error)).")
        }
        defer { close(descriptor) }  // closing releases the lock
        while flock(descriptor, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw .storage("Cannot lock \(path): \(SecureFile.describe(errno)).")
        }
        return try body()
    }
}
