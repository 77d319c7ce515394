#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The account the process runs as, from the password database (for when HOME is unset, and
/// for the directory checks, which the environment must not be able to move).
struct UserAccount {
    let homeDirectory: String?
    var name: String? = nil
    var groupID: gid_t? = nil

    static var current: UserAccount {
        var record = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let status = getpwuid_r(geteuid(), &record, &buffer, buffer.count, &result)
        guard status == 0, result != nil, let directory = record.pw_dir else {
            return UserAccount(homeDirectory: nil)
        }
        return UserAccount(
            homeDirectory: String(cString: directory), name: record.pw_name.map { String(cString: $0) },
            groupID: record.pw_gid)
    }

    /// Whether `group` is this account's private group (USERGROUPS, the Debian and Ubuntu
    /// default): its primary group, named after it, with no other member listed.
    func hasPrivateGroup(_ group: gid_t) -> Bool {
        guard let name, group == groupID else { return false }
        var record = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 16384)
        guard getgrgid_r(group, &record, &buffer, buffer.count, &result) == 0, result != nil,
            let groupName = record.gr_name, String(cString: groupName) == name
        else { return false }
        var member = record.gr_mem
        while let pointer = member?.pointee {
            if String(cString: pointer) != name { return false }
            member = member?.advanced(by: 1)
        }
        return true
    }
}
