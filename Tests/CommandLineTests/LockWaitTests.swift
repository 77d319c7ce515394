import Foundation
import TestSupport
import Testing

/// A change that finds the directory lock held waits for it, says after a second who holds it,
/// and gives up after a limit (10 s, or ADO_ACCOUNTS_LOCK_TIMEOUT) with exit 5. The lock is
/// held by the test process itself, so the holder named is known and the release is an event
/// the test controls.
@Suite struct LockWaitTests {
    let cli: CLI
    var lockFile: String { cli.configDirectory + "/ado-accounts.lock" }

    init() throws {
        cli = try CLI.withExistingAccounts()
    }

    /// Takes the lock as another ado-accounts would; closing the descriptor releases it.
    func holdLock() throws -> Int32 {
        let descriptor = open(lockFile, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw TestSupportError("cannot take \(lockFile)")
        }
        return descriptor
    }

    /// "process PID (NAME)", as the kernel knows this test process.
    var holder: String {
        let name = (FileSnapshot.text("/proc/self/comm") ?? "").trimmingCharacters(in: .newlines)
        return "process \(getpid()) (\(name))"
    }

    /// Waits (bounded) until the child has written `text` to standard error.
    func waitForMessage(_ text: String, from child: ChildProcess) -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if child.standardErrorSoFar.contains(text) { return true }
            usleep(20_000)
        }
        return false
    }

    @Test func aWaitSaysWhoHoldsTheLockAndGoesOnWhenItIsReleased() throws {
        let held = try holdLock()
        let child = try cli.start(["use", "https://dev.azure.com/other"], input: nil)
        let said = waitForMessage("Waiting for the lock", from: child)
        close(held)
        let outcome = Watchdog.wait(for: child, seconds: 60)
        #expect(said, "nothing said while waiting: \(outcome.result.output)")
        #expect(
            outcome.result.errorLines.first
                == "ado-accounts: Waiting for the lock \(lockFile), held by \(holder) (giving up after 10 s)…"
        )
        #expect(outcome.result.status == 0, "\(outcome.result.output)")
        #expect(
            FileSnapshot.text(cli.configFile)?.contains("organization = https://dev.azure.com/other") == true)
    }

    @Test func aWaitGivesUpAfterTheLimitAndChangesNothing() throws {
        let held = try holdLock()
        defer { close(held) }
        let before = FaultInjection.stateFiles(cli.configDirectory)
        for (limit, lines) in [("2", 2), ("0", 1)] {
            var environment = cli.environment
            environment["ADO_ACCOUNTS_LOCK_TIMEOUT"] = limit
            let child = try ChildProcess(
                [adoAccountsBinary, "login", "--org", "new", "--skip-verify"], environment: environment,
                standardInput: Array("new-token\n".utf8))
            let outcome = Watchdog.wait(for: child, seconds: 60)
            #expect(!outcome.killedByWatchdog, "it waited on")
            #expect(outcome.result.status == 5, "\(outcome.result.output)")
            #expect(outcome.result.errorLines.count == lines, "\(outcome.result.standardError)")
            #expect(
                outcome.result.errorLines.last
                    == "ado-accounts: Gave up waiting \(limit) s for the lock \(lockFile), held by \(holder); try again when it is done."
            )
            #expect(FaultInjection.stateFiles(cli.configDirectory) == before)
        }
    }

    @Test func aLimitThatIsNotANumberIsInvalidInput() throws {
        let result = try cli.run(
            ["use", "https://dev.azure.com/other"], input: nil,
            environment: ["ADO_ACCOUNTS_LOCK_TIMEOUT": "soon"])
        #expect(result.status == 2)
        #expect(
            result.errorLines == [
                "ado-accounts: ADO_ACCOUNTS_LOCK_TIMEOUT is 'soon'; give a whole number of seconds (0 to 86400)."
            ])
    }
}
