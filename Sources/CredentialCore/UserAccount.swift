#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The account the process runs as, from the password database (for when HOME is unset).
struct UserAccount {
    let homeDirectory: String?

    static var current: UserAccount {
        var record = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let status = getpwuid_r(geteuid(), &record, &buffer, buffer.count, &result)
        guard status == 0, result != nil, let directory = record.pw_dir else {
            return UserAccount(homeDirectory: nil)
        }
        return UserAccount(homeDirectory: String(cString: directory))
    }
}
