#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file of the config directory as read for a read-modify-write, held open under a Linux read
/// lease until released.
///
/// az devops rewrites its files without a lock: `open(path, 'w+')` empties the file, and the
/// write follows. A lease is the kernel's word on such a writer even though it takes no lock: it
/// cannot be taken while any process has the file open for writing (so a read never sees a
/// write in progress), and once taken, a writer's open waits until it is released and the lease
/// reports it (so a writer that arrives while we work is seen before or after our rename).
/// Where leases are not supported (NFS, some FUSE file systems) only the file's identity
/// (device, inode, size, times) is compared.
final class LeasedFile {
    let path: String
    /// The content as read (empty when the file does not exist); wiped when released.
    private(set) var bytes: [UInt8] = []
    let exists: Bool
    /// Readable or writable by others (az creates its files 0644): rewriting makes it private.
    private(set) var isShared = false
    private let identity: Identity?
    private var descriptor: Int32 = -1
    private var leased = false

    struct Identity: Equatable {
        let device: UInt64
        let inode: UInt64
        let size: Int64
        let modified: timespec
        let changed: timespec

        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
            size = Int64(status.st_size)
            modified = status.st_mtim
            changed = status.st_ctim
        }

        static func == (lhs: Identity, rhs: Identity) -> Bool {
            lhs.device == rhs.device && lhs.inode == rhs.inode && lhs.size == rhs.size
                && lhs.modified.tv_sec == rhs.modified.tv_sec && lhs.modified.tv_nsec == rhs.modified.tv_nsec
                && lhs.changed.tv_sec == rhs.changed.tv_sec && lhs.changed.tv_nsec == rhs.changed.tv_nsec
        }
    }

    /// Opens and reads `path` once no process has it open for writing, waiting for a writer
    /// until `deadline` and then refusing. Links are not followed; the file must be ours.
    init(_ path: String, until deadline: ContinuousClock.Instant) throws(CredentialError) {
        self.path = path
        guard let found = try Self.openAndRead(path, until: deadline) else {
            exists = false
            identity = nil
            return
        }
        exists = true
        descriptor = found.descriptor
        leased = found.leased
        bytes = found.bytes
        identity = found.identity
        isShared = found.mode & 0o077 != 0
    }

    private static func openAndRead(_ path: String, until deadline: ContinuousClock.Instant)
        throws(CredentialError)
        -> (descriptor: Int32, leased: Bool, bytes: [UInt8], identity: Identity, mode: mode_t)?
    {
        var waited = false
        while true {
            let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
            if descriptor < 0 {
                let error = errno
                if error == ENOENT || error == ENOTDIR { return nil }
                throw SecureFile.failure(error, reading: path)
            }
            var keep = false
            defer { if !keep { close(descriptor) } }
            var before = stat()
            guard fstat(descriptor, &before) == 0 else { throw SecureFile.failure(errno, reading: path) }
            try SecureFile.checkOwnedRegularFile(before, path: path)
            let lease = takeLease(descriptor)
            if lease == .writerActive {
                if !waited {
                    waited = true
                    CrashPoint.reach("file.waiting-for-writer")
                }
                try pause(until: deadline, path: path)
                continue
            }
            var bytes = try readAll(descriptor, path: path, expected: Int(before.st_size))
            // Under the lease no writer can have changed the file while it was read; without one,
            // a size or time that moved means a write in progress, and the file is read again.
            var after = stat()
            fstat(descriptor, &after)
            var named = stat()
            let sameFile =
                lstat(path, &named) == 0 && named.st_dev == after.st_dev && named.st_ino == after.st_ino
            if sameFile, lease == .taken || Identity(after) == Identity(before) {
                keep = true
                return (descriptor, lease == .taken, bytes, Identity(after), after.st_mode)
            }
            SecureFile.wipe(&bytes)
            try pause(until: deadline, path: path)
        }
    }

    deinit { release() }

    /// The content of `path` once no program is writing it (nil: no file), for a plain read: a
    /// read inside az's write would see the file emptied.
    static func contents(of path: String) throws(CredentialError) -> [UInt8]? {
        let file = try LeasedFile(path, until: .now + FileChange.writerPatience)
        guard file.exists else { return nil }
        var bytes: [UInt8] = []
        swap(&bytes, &file.bytes)
        return bytes
    }

    /// Closes the file (which ends the lease) and wipes what was read.
    func release() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        leased = false
        SecureFile.wipe(&bytes)
        bytes = []
    }

    /// Some process opened the file for writing (or truncated it) since it was read: it is
    /// waiting for the lease to end, and will write into this file, whatever name it has then.
    var writerArrived: Bool {
        #if os(Linux)
            leased && fcntl(descriptor, Self.getLease) != F_RDLCK
        #else
            false
        #endif
    }

    /// The file at `path` is still the one read, unchanged, and no writer is waiting on it.
    var isCurrent: Bool {
        if writerArrived { return false }
        var status = stat()
        guard lstat(path, &status) == 0 else { return identity == nil && errno == ENOENT }
        return identity == Identity(status)
    }

    /// Lets the writer that arrived go on, waits until it has closed the file (until `deadline`)
    /// and returns what the file holds then. After a rename this file has no name any more: what
    /// the writer wrote would be lost unless read here.
    func contentAfterWriter(until deadline: ContinuousClock.Instant) throws(CredentialError) -> [UInt8] {
        guard descriptor >= 0 else { return [] }
        #if os(Linux)
            _ = fcntl(descriptor, Self.setLease, F_UNLCK)
            var lease = Self.takeLease(descriptor)
            while lease == .writerActive {
                try Self.pause(until: deadline, path: path)
                lease = Self.takeLease(descriptor)
            }
            // Held again, so the content read is the writer's last; released with the file.
            leased = lease == .taken
        #endif
        var status = stat()
        fstat(descriptor, &status)
        return try Self.readAll(descriptor, path: path, expected: Int(status.st_size))
    }

    // MARK: - Details

    #if os(Linux)
        // <fcntl.h> with _GNU_SOURCE, which Swift's Glibc module does not import.
        private static let setSignal: Int32 = 10
        private static let setLease: Int32 = 1024
        private static let getLease: Int32 = 1025
    #endif

    enum Lease { case taken, writerActive, unsupported }

    private static func takeLease(_ descriptor: Int32) -> Lease {
        #if os(Linux)
            // A broken lease is signalled (SIGIO by default, which would end the process); SIGURG is
            // ignored unless handled, and nothing here handles it: the lease is polled instead.
            _ = fcntl(descriptor, setSignal, SIGURG)
            if fcntl(descriptor, setLease, F_RDLCK) == 0 { return .taken }
            let error = errno
            return refused(error, fileSystem: error == EAGAIN ? fileSystemType(of: descriptor) : nil)
        #else
            return .unsupported
        #endif
    }

    /// What a refused lease means. EAGAIN is a writer that has the file open, except on NFSv4
    /// and SMB, which answer EAGAIN whenever the server granted the client no delegation or
    /// oplock for the file, the usual case: taken for a writer, it would make every read wait
    /// and then refuse. There only the file's identity is compared, as without leases.
    static func refused(_ error: Int32, fileSystem: String?) -> Lease {
        guard error == EAGAIN else { return .unsupported }
        return fileSystem.map(networkFileSystems.contains) == true ? .unsupported : .writerActive
    }

    static let networkFileSystems: Set<String> = ["nfs", "nfs4", "cifs", "smb3", "smbfs"]

    /// The type of the file system holding the open file, as the mount table names it; asked
    /// only when a lease is refused. (statfs's numbers are not in Swift's Glibc module.)
    static func fileSystemType(of descriptor: Int32) -> String? {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let table = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC)
        guard table >= 0 else { return nil }
        defer { close(table) }
        guard let bytes = try? SecureFile.readAll(table, size: 0, path: "/proc/self/mountinfo") else {
            return nil
        }
        return fileSystemType(device: UInt64(status.st_dev), mountTable: bytes)
    }

    /// In /proc/self/mountinfo, lines such as
    /// "36 35 0:52 / /home rw,relatime shared:1 - nfs4 server:/home rw,vers=4.2":
    /// the type follows the "-" after the optional fields, the device is the third field.
    static func fileSystemType(device: UInt64, mountTable: [UInt8]) -> String? {
        let major = (device >> 8) & 0xfff | (device >> 32) & ~0xfff
        let minor = device & 0xff | (device >> 12) & ~0xff
        let wanted = "\(major):\(minor)"
        var found: String?
        for line in mountTable.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count > 2, fields[2].elementsEqual(wanted.utf8),
                let dash = fields.firstIndex(where: { $0.elementsEqual("-".utf8) }), dash + 1 < fields.count
            else { continue }
            // Mounts stacked on one device: the last one is the one seen.
            found = String(decoding: fields[dash + 1], as: UTF8.self)
        }
        return found
    }

    /// Sleeps a little before looking again, or refuses once `deadline` has passed.
    private static func pause(until deadline: ContinuousClock.Instant, path: String) throws(CredentialError) {
        guard ContinuousClock.now < deadline else { throw FileChange.busy(path) }
        usleep(2000)
    }

    /// The whole file; a UTF-16 one is refused, as `SecureFile.readText` refuses it.
    private static func readAll(_ descriptor: Int32, path: String, expected: Int) throws(CredentialError)
        -> [UInt8]
    {
        var bytes = try SecureFile.readAll(descriptor, size: expected, path: path)
        try SecureFile.refuseUTF16(&bytes, path: path)
        return bytes
    }
}
