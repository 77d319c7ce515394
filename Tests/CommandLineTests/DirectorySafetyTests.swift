import Foundation
import TestSupport
import Testing

/// OpenSSH's StrictModes for the directories, not only the files: nothing is written through a
/// config directory that is a link, someone else's, or writable by others, nor through a
/// directory above it that another user controls. One line naming it, exit 5, nothing written
/// anywhere; `doctor` reports each one.
@Suite struct DirectorySafetyTests {
    let cli: CLI

    init() throws {
        cli = try CLI.withExistingAccounts()
    }

    /// How a directory above the config directory is named: its path with links resolved (the
    /// temporary directories' paths have a "//" in them).
    static func resolved(_ path: String) -> String {
        path.replacing("//", with: "/")
    }

    static let writes: [[String]] = [
        ["use", "https://dev.azure.com/other"], ["login", "--org", "new", "--skip-verify"],
        ["logout", "--all"],
        ["configure", "--defaults", "project=X"],
    ]

    /// Runs every write with `environment` and expects the one refusal line; `unchanged` lists
    /// trees that must come out exactly as they went in.
    func expectEveryWriteRefused(
        _ line: String, environment: [String: String] = [:], unchanged: [String]
    ) throws {
        let before = unchanged.map(FileSnapshot.tree)
        for arguments in Self.writes {
            let result = try cli.run(arguments, input: Array("new-token\n".utf8), environment: environment)
            #expect(result.status == 5, "\(arguments): \(result.output)")
            #expect(result.errorLines == ["ado-accounts: \(line)"], "\(arguments)")
            #expect(unchanged.map(FileSnapshot.tree) == before, "\(arguments)")
        }
    }

    /// The attack from the issue: `$AZURE_CONFIG_DIR/azuredevops` made a link to the victim's
    /// `~/.ssh`, so that `use` appended `[defaults]` to `~/.ssh/config`.
    @Test func aConfigDirectoryThatIsALinkIsNeverWrittenThrough() throws {
        let ssh = cli.root.appending("victim-ssh")
        try FileSnapshot.write("Host example\n  User me\n", to: ssh + "/config")
        let shared = cli.root.appending("shared")
        mkdir(shared, 0o700)
        symlink(ssh, shared + "/azuredevops")
        let environment = ["AZURE_CONFIG_DIR": shared]
        try expectEveryWriteRefused(
            "\(shared)/azuredevops is a symbolic link; refusing to write through it.",
            environment: environment,
            unchanged: [ssh])
        #expect(!FileManager.default.fileExists(atPath: ssh + "/ado-accounts.lock"), "not even the lock file")
        #expect(try cli.run(["list"], input: nil, environment: environment).status == 0, "reading goes on")
    }

    /// The same with a real second user: the link is planted by uid 65534 in a shared sticky
    /// directory (as /tmp is), and so is a link standing for the directory above.
    @Test(.enabled(if: FaultInjection.canRunAsAnotherUser))
    func linksPlantedByAnotherUserAreNeverWrittenThrough() throws {
        let ssh = cli.root.appending("victim-ssh")
        try FileSnapshot.write("Host example\n", to: ssh + "/config")
        let shared = cli.root.appending("shared")
        mkdir(shared, 0o777)
        chmod(shared, 0o1777)
        chmod(cli.root.path, 0o755)
        for (link, target) in [("azuredevops", ssh), ("redirect", cli.root.appending("home"))] {
            let planted = try ChildProcess.run(
                FaultInjection.asAnotherUser(["/bin/ln", "-s", target, shared + "/" + link]),
                environment: ["PATH": inheritedPath])
            #expect(planted.status == 0, "\(planted.output)")
        }
        try expectEveryWriteRefused(
            "\(shared)/azuredevops is a symbolic link; refusing to write through it.",
            environment: ["AZURE_CONFIG_DIR": shared], unchanged: [ssh])
        try expectEveryWriteRefused(
            "\(Self.resolved(shared))/redirect belongs to user id 65534, not to you or root; refusing to write through it.",
            environment: ["AZURE_CONFIG_DIR": shared + "/redirect"], unchanged: [cli.root.appending("home")])
    }

    /// Gives a directory a group that is nobody's private group.
    static func shareWithAGroup(_ path: String) {
        lchown(path, uid_t.max, 12345)
    }

    /// Whether this process's primary group is its private group (named after the user, no
    /// other member listed), as root's is on Debian.
    static var primaryGroupIsPrivate: Bool {
        guard let user = getpwuid(geteuid()), let group = getgrgid(getegid()) else { return false }
        let name = String(cString: user.pointee.pw_name)
        guard String(cString: group.pointee.gr_name) == name, user.pointee.pw_gid == getegid() else {
            return false
        }
        var member = group.pointee.gr_mem
        while let pointer = member?.pointee {
            if String(cString: pointer) != name { return false }
            member = member?.advanced(by: 1)
        }
        return true
    }

    @Test func aConfigDirectoryWritableByOthersOrSomeoneElsesIsNeverWrittenThrough() throws {
        let directory = cli.configDirectory
        Self.shareWithAGroup(directory)
        for mode in [0o770, 0o707, 0o1777] as [mode_t] {
            chmod(directory, mode)
            try expectEveryWriteRefused(
                "\(directory) is writable by group or others (mode \(String(mode, radix: 8))); refusing to write through it.",
                unchanged: [cli.root.path])
        }
        chmod(directory, 0o700)
        #expect(lchown(directory, 12345, 12345) == 0)
        try expectEveryWriteRefused(
            "\(directory) belongs to user id 12345, not to you or root; refusing to write through it.",
            unchanged: [cli.root.path])
    }

    /// Above the config directory up to the home directory (or /): the same rules, except that
    /// a sticky directory such as /tmp may be writable by all.
    @Test func aDirectoryAboveItThatOthersCanChangeIsNeverWrittenThrough() throws {
        let azure = cli.root.appending("home/.azure")
        Self.shareWithAGroup(azure)
        chmod(azure, 0o775)
        try expectEveryWriteRefused(
            "\(Self.resolved(azure)) is writable by group or others (mode 775); refusing to write through it.",
            unchanged: [cli.root.path])
        chmod(azure, 0o1777)
        #expect(try cli.run("use", "https://dev.azure.com/other").status == 0, "a sticky directory is enough")
    }

    /// With umask 002 (Debian's and Ubuntu's default for users with a private group) az makes
    /// ~/.azure and azuredevops 0775: writable by a group that has only you in it, as Debian's
    /// OpenSSH accepts too.
    @Test(.enabled(if: primaryGroupIsPrivate))
    func writableByYourOwnPrivateGroupIsFine() throws {
        for path in [cli.root.appending("home/.azure"), cli.configDirectory] {
            lchown(path, uid_t.max, getegid())
            chmod(path, 0o775)
        }
        #expect(try cli.run("use", "https://dev.azure.com/other").status == 0)
        #expect(try cli.run("doctor").status == 0)
    }

    /// A config directory still to be made is not made inside a directory others can change.
    @Test func noDirectoryIsCreatedInsideOneOthersCanChange() throws {
        let shared = cli.root.appending("shared")
        mkdir(shared, 0o700)
        chmod(shared, 0o777)
        try expectEveryWriteRefused(
            "\(Self.resolved(shared)) is writable by group or others (mode 777); refusing to write through it.",
            environment: ["AZURE_CONFIG_DIR": shared], unchanged: [shared])
        #expect(!FileManager.default.fileExists(atPath: shared + "/azuredevops"))
    }

    /// Whoever owns the lock file can remove it while you hold it and let a second writer in.
    @Test func aLockFileThatIsNotAFileOfYoursIsRefused() throws {
        let lock = cli.configDirectory + "/ado-accounts.lock"
        #expect(lchown(lock, 12345, 12345) == 0)
        try expectEveryWriteRefused(
            "\(lock) belongs to user id 12345, not to you; refusing to use it.", unchanged: [cli.root.path])
        unlink(lock)
        mkfifo(lock, 0o600)
        try expectEveryWriteRefused("\(lock) is not a regular file.", unchanged: [cli.root.path])
    }

    struct Report {
        let status: Int32
        let json: [String: Any]
        var findings: [[String: Any]] { json["findings"] as? [[String: Any]] ?? [] }
        var kinds: [String] { findings.compactMap { $0["kind"] as? String } }
        var messages: [String] { findings.compactMap { $0["message"] as? String } }
        var skipped: [String?] {
            (json["roundTrips"] as? [[String: Any]] ?? []).map { $0["skipped"] as? String }
        }
    }

    func doctor(_ arguments: [String] = []) throws -> Report {
        let result = try cli.run(["doctor", "--json"] + arguments, input: nil)
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return Report(status: result.status, json: try #require(json, "\(result.output)"))
    }

    /// Each unsafe directory and the lock file are findings; the rest is still checked from the
    /// files as they are, and nothing is written: no repair, no round trip, no lock file.
    @Test func doctorReportsEachAndWritesNothing() throws {
        try FileSnapshot.write("azdevops-cli:https://dev.azure.com/ghost\n", to: cli.indexFile)
        let azure = cli.root.appending("home/.azure")
        Self.shareWithAGroup(azure)
        chmod(azure, 0o770)
        chmod(cli.configDirectory, 0o707)
        let lock = cli.configDirectory + "/ado-accounts.lock"
        #expect(lchown(lock, 12345, 12345) == 0)
        let before = FileSnapshot.tree(cli.root.path)
        for arguments in [[], ["--fix"]] {
            let report = try doctor(arguments)
            #expect(report.status == 1)
            #expect(
                report.kinds == [
                    "unsafeDirectory", "unsafeDirectory", "unsafeLockFile", "indexWithoutToken",
                    "tokenNotInIndex",
                    "tokenNotInIndex",
                ], "\(report.json)")
            #expect(
                report.messages.prefix(3) == [
                    "\(cli.configDirectory) is writable by group or others (mode 707): other users can replace what is in it. ado-accounts will not write through it; run 'chmod go-w \(cli.configDirectory)'.",
                    "\(Self.resolved(azure)) is writable by group or others (mode 770): other users can replace what is in it. ado-accounts will not write through it; run 'chmod go-w \(Self.resolved(azure))'.",
                    "The lock file is unusable: \(lock) belongs to user id 12345, not to you; refusing to use it. Nothing is changed here until it is removed (ado-accounts makes a new one).",
                ])
            #expect(report.findings.allSatisfy { $0["fixed"] is NSNull }, "nothing fixed")
            #expect(report.skipped == ["nothing is written while the problems above stand"])
            #expect(FileSnapshot.tree(cli.root.path) == before)
        }
    }

    /// A hard link keeps a copy of the tokens under another name, which a write here does not
    /// update (it replaces this name with a new file): reported, and the round trip that would
    /// hide it is skipped.
    @Test func doctorReportsAHardLinkedTokenFile() throws {
        let other = cli.root.appending("other-name")
        #expect(link(cli.tokenFile, other) == 0)
        let report = try doctor()
        #expect(report.status == 1)
        #expect(report.kinds == ["tokenFileHasOtherNames"])
        #expect(
            report.messages == [
                "\(cli.tokenFile) has 2 names (hard links): the others keep its tokens, also after ado-accounts replaces this one. Find them with 'find / -xdev -samefile \(cli.tokenFile)' and remove them."
            ])
        #expect(report.skipped == ["it would replace the file, whose other names would then go unreported"])
        #expect(try doctor().kinds == ["tokenFileHasOtherNames"], "still there the second time")

        // By design, a write breaks the link: the other name keeps what it had.
        let kept = FileSnapshot.bytes(other)
        #expect(try cli.run("logout", "--org", "existing").status == 0)
        #expect(FileSnapshot.bytes(other) == kept)
        #expect(try doctor().kinds == [])
    }
}
