import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive advisory lock on `ado-accounts.lock` in the config directory. Every change to
/// `config`, `organization_list`, the token file and the keyring happens while it is held, so
/// concurrent ado-accounts processes apply their changes one after another and none is lost.
///
/// A change waits for the lock at most `waitLimit` (10 s, or `ADO_ACCOUNTS_LOCK_TIMEOUT`
/// seconds), saying after a second who holds it, then gives up with a storage error. The lock
/// file must be a regular file of yours: whoever owns it could remove it while you hold it and
/// let a second writer in.
struct DirectoryLock {
    let path: String

    static let defaultWaitLimit = Duration.seconds(10)
    static let waitLimitVariable = "ADO_ACCOUNTS_LOCK_TIMEOUT"
    /// How long a change waits before it says that it is waiting.
    static let announceAfter = Duration.seconds(1)

    func withExclusiveLock<T>(_ body: () throws(CredentialError) -> T) throws(CredentialError) -> T {
        let limit = try Self.waitLimit()
        let descriptor = try open(creating: true)!
        defer { close(descriptor) }  // closing releases the lock
        try acquire(descriptor, limit: limit)
        return try body()
    }

    /// Runs `body` with the lock held when it can be had at once, and says whether it ran. The
    /// lock file is never created here, so reading commands write nothing.
    @discardableResult
    func ifFree(_ body: () -> Void) -> Bool {
        guard let descriptor = try? open(creating: false) else { return false }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return false }
        body()
        return true
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

    /// Polls rather than blocks: a blocking flock cannot be given a deadline without a signal,
    /// and a signal handler is not the core's to install. The pause grows to 10 ms, which is
    /// what a writer holding the lock takes anyway; under contention the lock goes to whichever
    /// waiter asks first, as it would among blocked waiters.
    private func acquire(_ descriptor: Int32, limit: Duration) throws(CredentialError) {
        let clock = ContinuousClock()
        let start = clock.now
        var pause = Duration.microseconds(500)
        var announced = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            if error == EINTR { continue }
            guard error == EWOULDBLOCK else {
                throw .storage("Cannot lock \(path): \(SecureFile.describe(error)).")
            }
            let waited = clock.now - start
            if waited >= limit {
                throw .storage(
                    "Gave up waiting \(Self.seconds(limit)) for the lock \(path), held by \(LockHolder.describe(descriptor)); try again when it is done."
                )
            }
            if !announced, waited >= Self.announceAfter {
                announced = true
                LockWaitNotice.post(
                    "Waiting for the lock \(path), held by \(LockHolder.describe(descriptor)) (giving up after \(Self.seconds(limit)))…"
                )
            }
            let (seconds, attoseconds) = pause.components
            var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
            nanosleep(&request, nil)  // a signal cutting it short only means an early retry
            pause = min(pause * 2, .milliseconds(10))
        }
    }

    /// `ADO_ACCOUNTS_LOCK_TIMEOUT` (seconds, 0 to give up at once), else 10 s. From the process
    /// environment, as CrashPoint's variables are: the lock is taken far below the callers that
    /// carry an `Environment`, and only the process's own setting makes sense for it.
    static func waitLimit() throws(CredentialError) -> Duration {
        guard let raw = getenv(waitLimitVariable), raw.pointee != 0 else { return defaultWaitLimit }
        let text = String(cString: raw)
        guard let seconds = Int(text), (0...86_400).contains(seconds) else {
            throw .invalidInput(
                "\(waitLimitVariable) is \(Printable.quoted(text)); give a whole number of seconds (0 to 86400)."
            )
        }
        return .seconds(seconds)
    }

    private static func seconds(_ duration: Duration) -> String {
        "\(duration.components.seconds) s"
    }
}

/// Who holds a lock, from /proc/locks (the kernel's list, which needs nothing from the holder):
/// "process 1234 (ado-accounts)". The name comes from /proc/PID/comm, never the command line.
enum LockHolder {
    static func describe(_ descriptor: Int32) -> String {
        var status = stat()
        guard fstat(descriptor, &status) == 0,
            let pid = holder(inode: UInt64(status.st_ino), device: status.st_dev)
        else { return "another process" }
        let name = read("/proc/\(pid)/comm", limit: 64).map {
            String(decoding: $0.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        }
        guard let name, !name.isEmpty else { return "process \(pid)" }
        return "process \(pid) (\(Printable.sanitized(name, limit: 32)))"
    }

    /// The pid of the process holding a FLOCK lock on the inode. Lines look like
    /// "1: FLOCK  ADVISORY  WRITE 1234 fe:00:16229531 0 EOF"; waiters carry "->" and are
    /// skipped. The device is compared when it matches (an overlay reports the lower one).
    static func holder(inode: UInt64, device: dev_t) -> Int32? {
        guard let bytes = read("/proc/locks", limit: 4 << 20) else { return nil }
        let major = (UInt64(device) >> 8) & 0xfff | (UInt64(device) >> 32) & ~0xfff
        let minor = UInt64(device) & 0xff | (UInt64(device) >> 12) & ~0xff
        var candidate: Int32?
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
            guard fields.count >= 6, fields[1] == "FLOCK", fields[3] == "WRITE",
                let pid = Int32(fields[4])
            else { continue }
            let place = fields[5].split(separator: ":")
            guard place.count == 3, UInt64(place[2]) == inode else { continue }
            if UInt64(place[0], radix: 16) == major, UInt64(place[1], radix: 16) == minor { return pid }
            candidate = candidate ?? pid
        }
        return candidate
    }

    private static func read(_ path: String, limit: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        return bytes
    }
}

/// Where a change that waits for another process's lock says so, once. The command line prints
/// it on standard error; the account manager leaves it unset (its busy indicator is running, and
/// standard error is its screen).
public enum LockWaitNotice {
    private static let handler = Mutex<(@Sendable (String) -> Void)?>(nil)

    public static func deliver(to handler: (@Sendable (String) -> Void)?) {
        Self.handler.withLock { $0 = handler }
    }

    static func post(_ message: String) {
        handler.withLock { $0 }?(message)
    }
}
