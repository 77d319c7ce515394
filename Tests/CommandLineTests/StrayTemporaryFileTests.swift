import Foundation
import TestSupport
import Testing

/// A writer killed between creating its temporary file and renaming it leaves a copy of the
/// file behind, tokens included. Every run cleans up now, reading ones too, when it can take
/// the lock at once; a file whose writer may be alive (the lock is held) is never touched.
@Suite struct StrayTemporaryFileTests {
    let cli: CLI
    var stray: String { cli.configDirectory + "/.personalAccessTokens.ado-tmp-Kq81zA" }

    init() throws {
        cli = try CLI.withExistingAccounts()
        try FileSnapshot.write(
            "[azdevops-cli: default]\npersonal access token = left-behind\n", to: stray)
    }

    @Test(arguments: [["list"], ["token"], ["token", "--org", "existing"], ["status"], ["list", "--json"]])
    func aReadingRunRemovesWhatAKilledWriterLeft(arguments: [String]) throws {
        let before = FaultInjection.stateFiles(cli.configDirectory)
        let result = try cli.run(arguments, input: nil)
        #expect(result.status == 0, "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: stray), "\(arguments)")
        #expect(FaultInjection.stateFiles(cli.configDirectory) == before, "nothing else is touched")
    }

    /// While the lock is held, the writer holding it may own the file: it stays, and reading
    /// neither waits nor complains. Once the lock is free, the next run removes it.
    @Test func aFileAWriterMayStillOwnIsLeftAlone() throws {
        let descriptor = open(cli.configDirectory + "/ado-accounts.lock", O_RDWR | O_CLOEXEC)
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        let child = try cli.start(["list"], input: nil)
        let outcome = Watchdog.wait(for: child, seconds: 60)
        #expect(outcome.result.status == 0)
        #expect(outcome.result.standardError.isEmpty, "\(outcome.result.standardError)")
        #expect(FileManager.default.fileExists(atPath: stray))
        close(descriptor)
        #expect(try cli.run("list").status == 0)
        #expect(!FileManager.default.fileExists(atPath: stray))
    }

    /// Removing is writing: not through a directory others can change, and a reading run that
    /// finds no lock file does not make one.
    @Test func nothingIsRemovedThroughAnUnsafeDirectoryOrWithoutALockFile() throws {
        chmod(cli.configDirectory, 0o707)
        #expect(try cli.run("list").status == 0)
        #expect(FileManager.default.fileExists(atPath: stray))
        chmod(cli.configDirectory, 0o700)
        unlink(cli.configDirectory + "/ado-accounts.lock")
        #expect(try cli.run("list").status == 0)
        #expect(FileManager.default.fileExists(atPath: stray))
        #expect(!FileManager.default.fileExists(atPath: cli.configDirectory + "/ado-accounts.lock"))
    }
}
