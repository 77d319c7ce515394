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
        -> (result: Outcome, after: [String: [UInt8]], strays: [String])
    {
        let work = try TemporaryDirectory("tmpfs-run")
        try FileSnapshot.write(input, to: work.appending("input"))
        let script = """
            set -u
            dir="$1"; out="$2"; shift 2
            mkdir "$out/seed" "$out/after"
            cp -a "$dir/." "$out/seed/" || exit 90
            mount -t tmpfs -o size=256k,mode=0700 tmpfs "$dir" || exit 91
            cp -a "$out/seed/." "$dir/" || exit 92
            \(prepare)
            "$@" < "$out/input" > "$out/stdout" 2> "$out/stderr"
            echo $? > "$out/status"
            mount -o remount,rw "$dir"
            rm -f "$dir/filler"
            cp -a "$dir/." "$out/after/"
            """
        let wrapper = try ChildProcess.run(
            [
                FaultInjection.unshare!, "--mount", "--propagation", "private", "/bin/sh", "-c", script, "sh",
                cli.configDirectory, work.path,
                adoAccountsBinary,
            ] + arguments,
            environment: cli.environment)
        guard wrapper.status == 0,
            let status = FileSnapshot.text(work.appending("status")).flatMap({
                Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
            })
        else { throw TestSupportError("the tmpfs wrapper failed (\(wrapper.status)): \(wrapper.output)") }
        let result = Outcome(
            status: status, standardOutput: FileSnapshot.text(work.appending("stdout")) ?? "",
            standardError: FileSnapshot.text(work.appending("stderr")) ?? "")
        let after = work.appending("after")
        return (result, FaultInjection.stateFiles(after), FaultInjection.strayTemporaryFiles(in: after))
    }

    /// What the command run inside the namespace printed and returned.
    struct Outcome {
        let status: Int32
        let standardOutput: String
        let standardError: String
        var output: String { standardOutput + standardError }
        var errorLines: [String] { standardError.split(separator: "\n").map(String.init) }
    }

    static let fillTheDisk = #"dd if=/dev/zero of="$dir/filler" bs=1024 2>/dev/null; true"#

    @Test(
        .enabled(if: FaultInjection.canMountPrivately),
        arguments: [
            ["login", "--org", "https://dev.azure.com/new", "--skip-verify"],
            ["login"],
            ["logout", "--org", "https://dev.azure.com/existing"],
            ["configure", "--defaults", "project=Changed"],
            ["use", "https://dev.azure.com/other"],
        ])
    func aFullDiskIsAClearErrorAndLosesNothing(arguments: [String]) throws {
        let before = FaultInjection.stateFiles(cli.configDirectory)
        let (result, after, strays) = try onSmallFileSystem(
            arguments, input: "new-token\n", prepare: Self.fillTheDisk)
        #expect(result.status == 5, "\(arguments): \(result.output)")
        #expect(result.errorLines.count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("no space left on the device"), "\(result.standardError)")
        #expect(after == before, "\(arguments)")
        #expect(strays.isEmpty, "a failed write removes its temporary file")
    }

    /// Emptying the token file needs no new block and frees the space the config rewrite needs:
    /// on a full disk, logging out of everything completes, entirely.
    @Test(.enabled(if: FaultInjection.canMountPrivately))
    func loggingOutOfEverythingCompletesOnAFullDisk() throws {
        let (result, after, strays) = try onSmallFileSystem(["logout", "--all"], prepare: Self.fillTheDisk)
        #expect(result.status == 0, "\(result.output)")
        #expect(after["personalAccessTokens"] == [])
        #expect(after["organization_list"] == nil)
        #expect(
            after["config"].map { String(decoding: $0, as: UTF8.self) }
                == "[defaults]\norganization = \nproject = Kept\n\n")
        #expect(strays.isEmpty)
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
