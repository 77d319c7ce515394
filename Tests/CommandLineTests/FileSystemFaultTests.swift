import Foundation
import TestSupport
import Testing

/// The file system says no: full, read-only, permission denied, not ours, not a file, a link.
/// Every case gives one clear line and exit 5, and every stored byte stays as it was.
@Suite struct FileSystemFaultTests {
    let cli: CLI

    init() throws {
        cli = try CLI.withExistingAccounts()
    }

    /// Runs the binary with the config directory on a 256 KiB tmpfs holding a copy of its files,
    /// in a private mount namespace; `prepare` (shell, `$dir` is the directory) runs before the
    /// command. Returns the result and the directory as the command left it.
    func onSmallFileSystem(_ arguments: [String], input: String = "", prepare: String) throws
        -> (result: SmallFileSystem.Outcome, after: [String: [UInt8]], strays: [String])
    {
        let (result, after) = try SmallFileSystem.run(
            [adoAccountsBinary] + arguments, directory: cli.configDirectory, environment: cli.environment,
            input: input, prepare: prepare)
        return (
            result, after.filter { $0.key != "ado-accounts.lock" && !$0.key.contains(".ado-tmp-") },
            after.keys.filter { $0.hasPrefix(".") && $0.contains(".ado-tmp-") }
        )
    }

    static let fillTheDisk = SmallFileSystem.full

    @Test(
        .enabled(if: FaultInjection.canMountPrivately),
        arguments: [
            ["login", "--org", "https://dev.azure.com/new", "--skip-verify"],
            ["login"],
            ["logout", "--org", "https://dev.azure.com/existing"],
            // Emptying the token file would free the space the config needs, but only by
            // replacing it first: the order that leaves half a change behind.
            ["logout", "--all"],
            ["configure", "--defaults", "project=Changed"],
            ["use", "https://dev.azure.com/other"],
        ])
    func aFullDiskIsAClearErrorAndLosesNothing(arguments: [String]) throws {
        try expectNoSpaceAndNothingChanged(arguments, prepare: Self.fillTheDisk)
    }

    /// Runs the command on the small file system: one line saying the disk is full, exit 5,
    /// every stored byte as it was, no temporary file left.
    func expectNoSpaceAndNothingChanged(_ arguments: [String], prepare: String) throws {
        let before = FaultInjection.stateFiles(cli.configDirectory)
        let (result, after, strays) = try onSmallFileSystem(arguments, input: "new-token\n", prepare: prepare)
        #expect(result.status == 5, "\(arguments): \(result.output)")
        #expect(result.errorLines.count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("no space left on the device"), "\(result.standardError)")
        #expect(after == before, "\(arguments): every byte as it was")
        #expect(strays.isEmpty, "a failed change removes its temporary files")
    }

    /// Commands that write several files, on a disk with room for one page and a config of two
    /// (comments kept from a hand-edited file): writing files one after another, the token file
    /// or index went in, then the config failed, and the new token stayed with the one it
    /// replaced gone. Every new version is now written before any replaces its file: the config
    /// fails with nothing replaced.
    @Test(
        .enabled(if: FaultInjection.canMountPrivately),
        arguments: [
            (true, ["login", "--org", "existing", "--skip-verify"]),
            (true, ["login", "--org", "https://dev.azure.com/new", "--skip-verify"]),
            (false, ["logout", "--org", "https://dev.azure.com/existing"]),
        ])
    func aCommandThatCannotWriteEveryFileChangesNone(clearDefault: Bool, arguments: [String]) throws {
        let comments = (0..<100).map { "# note \($0): kept by every rewrite, az's and ours\n" }.joined()
        try FileSnapshot.write(
            "[defaults]\norganization = https://dev.azure.com/Existing\nproject = Kept\n\n" + comments,
            to: cli.configFile)
        if clearDefault { #expect(try cli.run("configure", "--defaults", "organization=").status == 0) }
        #expect(FileSnapshot.bytes(cli.configFile)?.count ?? 0 > 4096, "the config takes two pages")
        try expectNoSpaceAndNothingChanged(arguments, prepare: SmallFileSystem.roomForOneFile)
    }

    @Test(.enabled(if: FaultInjection.canMountPrivately))
    func readingStillWorksOnAFullDisk() throws {
        let (list, _, _) = try onSmallFileSystem(["list"], prepare: Self.fillTheDisk)
        #expect(list.status == 0, "\(list.output)")
        #expect(list.standardOutput.contains("https://dev.azure.com/existing"))
        let (token, _, _) = try onSmallFileSystem(["token", "--org", "existing"], prepare: Self.fillTheDisk)
        #expect(token.standardOutput == "existing-token\n")
    }

    @Test(.enabled(if: FaultInjection.canMountPrivately))
    func aReadOnlyFileSystemRefusesChangesAndStillReads() throws {
        let before = FaultInjection.stateFiles(cli.configDirectory)
        let readOnly = #"mount -o remount,ro "$dir""#
        for arguments in [
            ["login", "--org", "new", "--skip-verify"], ["logout", "--all"], ["use", "other"],
        ] {
            let (result, after, _) = try onSmallFileSystem(arguments, input: "new-token\n", prepare: readOnly)
            #expect(result.status == 5, "\(arguments): \(result.output)")
            #expect(result.errorLines.count == 1, "\(result.standardError)")
            #expect(result.standardError.contains("the file system is read-only"), "\(result.standardError)")
            #expect(after == before)
        }
        let (list, _, _) = try onSmallFileSystem(["list"], prepare: readOnly)
        #expect(list.status == 0, "\(list.output)")
        let (token, _, _) = try onSmallFileSystem(["token", "--org", "existing"], prepare: readOnly)
        #expect(token.standardOutput == "existing-token\n")
    }

    // MARK: - Permissions, as another user (root is never denied)

    func runAsAnotherUser(_ arguments: [String], input: String = "") throws -> ChildProcess.Result {
        try ChildProcess.run(
            FaultInjection.asAnotherUser([adoAccountsBinary] + arguments), environment: cli.environment,
            standardInput: Array(input.utf8))
    }

    @Test(.enabled(if: FaultInjection.canRunAsAnotherUser))
    func aReadOnlyDirectoryRefusesChangesWithPermissionDenied() throws {
        FaultInjection.giveAway(cli.root.path)
        chmod(cli.configDirectory, 0o500)
        defer { chmod(cli.configDirectory, 0o700) }
        let before = FaultInjection.stateFiles(cli.configDirectory)
        for arguments in [
            ["login", "--org", "new", "--skip-verify"], ["logout", "--org", "existing"],
            ["configure", "--defaults", "project=X"],
        ] {
            let result = try runAsAnotherUser(arguments, input: "new-token\n")
            #expect(result.status == 5, "\(arguments): \(result.output)")
            #expect(result.errorLines.count == 1, "\(result.standardError)")
            #expect(result.standardError.contains("permission denied"), "\(result.standardError)")
            #expect(FaultInjection.stateFiles(cli.configDirectory) == before)
        }
        #expect(try runAsAnotherUser(["list"]).status == 0, "reading needs no write permission")
    }

    @Test(
        .enabled(if: FaultInjection.canRunAsAnotherUser),
        arguments: ["personalAccessTokens", "config", "organization_list"])
    func anUnreadableFileIsPermissionDeniedForEveryCommand(name: String) throws {
        FaultInjection.giveAway(cli.root.path)
        let path = cli.configDirectory + "/" + name
        chmod(path, 0o000)
        defer { chmod(path, 0o600) }
        let before = FaultInjection.stateFiles(cli.configDirectory)
        for arguments in [["list"], ["login", "--org", "new", "--skip-verify"], ["logout", "--all"]] {
            let result = try runAsAnotherUser(arguments, input: "new-token\n")
            #expect(result.status == 5, "\(arguments): \(result.output)")
            #expect(
                result.errorLines == ["ado-accounts: Cannot read \(path): permission denied."], "\(arguments)"
            )
            #expect(FaultInjection.stateFiles(cli.configDirectory) == before)
        }
    }

    // MARK: - Files that are not ours, not files, or links

    @Test(arguments: ["personalAccessTokens", "config", "organization_list"])
    func aFileOwnedBySomeoneElseIsRefusedEvenByRoot(name: String) throws {
        let path = cli.configDirectory + "/" + name
        #expect(lchown(path, 12345, 12345) == 0)
        let before = FaultInjection.stateFiles(cli.configDirectory)
        for arguments in [
            ["list"], ["login", "--org", "new", "--skip-verify"], ["logout", "--all"], ["use", "existing"],
            ["use", "other"],
        ] {
            let result = try cli.run(arguments, input: Array("new-token\n".utf8))
            #expect(result.status == 5, "\(arguments): \(result.output)")
            #expect(
                result.errorLines == [
                    "ado-accounts: \(path) belongs to user id 12345, not to you; refusing to use it."
                ],
                "\(arguments)")
            #expect(FaultInjection.stateFiles(cli.configDirectory) == before)
        }
        var status = stat()
        lstat(path, &status)
        #expect(status.st_uid == 12345, "ownership is never changed behind anyone's back")
    }

    @Test(arguments: ["config", "organization_list"])
    func aDirectoryInPlaceOfAFileIsAClearError(name: String) throws {
        let path = cli.configDirectory + "/" + name
        let saved = path + ".saved"
        rename(path, saved)
        mkdir(path, 0o700)
        defer {
            rmdir(path)
            rename(saved, path)
        }
        let before = FaultInjection.stateFiles(cli.configDirectory)
        for arguments in [["list"], ["login", "--org", "new", "--skip-verify"], ["logout", "--all"]] {
            let result = try cli.run(arguments, input: Array("new-token\n".utf8))
            #expect(result.status == 5, "\(arguments): \(result.output)")
            #expect(
                result.errorLines == ["ado-accounts: \(path) is a directory, not a file."], "\(arguments)")
            #expect(FaultInjection.stateFiles(cli.configDirectory) == before)
        }
    }

    /// A link planted where any of our files goes is never followed, for reading or writing:
    /// what it points to is neither read (a token file elsewhere) nor overwritten.
    @Test(arguments: [
        "personalAccessTokens", "config", "organization_list", "ado-accounts.lock", "ado-accounts.state",
    ])
    func aSymbolicLinkPlantedInPlaceOfAFileIsNeverFollowed(name: String) throws {
        let path = cli.configDirectory + "/" + name
        let target = cli.root.appending("target-of-\(name)")
        let planted =
            "[azdevops-cli: default]\npersonal access token = planted\n[defaults]\norganization = https://dev.azure.com/planted\n"
        try FileSnapshot.write(planted, to: target)
        let saved = path + ".saved"
        rename(path, saved)
        symlink(target, path)
        defer {
            unlink(path)
            rename(saved, path)
        }
        let before = FaultInjection.stateFiles(cli.configDirectory)
        var commands = [["login", "--org", "new", "--skip-verify"], ["logout", "--all"]]
        if name == "ado-accounts.state" { commands = [["use", "https://dev.azure.com/new"]] }
        if name != "ado-accounts.lock" && name != "ado-accounts.state" { commands.append(["list"]) }
        for arguments in commands {
            let result = try cli.run(arguments, input: Array("new-token\n".utf8))
            #expect(result.status == 5, "\(arguments): \(result.output)")
            #expect(result.errorLines.count == 1, "\(result.standardError)")
            #expect(
                result.standardError.contains("\(path) is a symbolic link; refusing to follow it."),
                "\(result.standardError)")
            #expect(!result.output.contains("planted"))
            #expect(FileSnapshot.text(target) == planted)
            #expect(FaultInjection.stateFiles(cli.configDirectory) == before)
        }
    }

    @Test func aFIFOInPlaceOfTheTokenFileIsRefusedWithoutBlocking() throws {
        let saved = cli.tokenFile + ".saved"
        rename(cli.tokenFile, saved)
        mkfifo(cli.tokenFile, 0o600)
        defer {
            unlink(cli.tokenFile)
            rename(saved, cli.tokenFile)
        }
        for arguments in [
            ["list"], ["token", "--org", "existing"], ["login", "--org", "new", "--skip-verify"],
        ] {
            let child = try cli.start(arguments, input: "new-token\n")
            let outcome = Watchdog.wait(for: child, seconds: 30)
            #expect(!outcome.killedByWatchdog, "opening a FIFO must not block: \(arguments)")
            #expect(outcome.result.status == 5)
            #expect(outcome.result.errorLines == ["ado-accounts: \(cli.tokenFile) is not a regular file."])
        }
    }
}
