import CredentialCore
import Foundation
import TestSupport
import Testing

/// Which store `auto`, `--store` and ADO_ACCOUNTS_STORE pick, and what people are told, with a
/// real keyring that is there, locked, hung or killed.
@Suite(.enabled(if: KeyringTests.componentsAvailable))
struct StoreSelectionTests {
    @Test func withoutASessionBusAutoFallsBackAndSaysWhyBeforeReadingTheToken() throws {
        let keyring = try PrivateKeyring()
        let noBus = ["DBUS_SESSION_BUS_ADDRESS": ""]
        // An empty standard input: the command fails reading the token, so whatever it printed
        // was printed before the token was asked for.
        let early = try keyring.ado(
            "login", "--org", "contoso", "--skip-verify", input: "", environment: noBus)
        #expect(early.status == 2)
        let notice = try #require(early.errorLines.first)
        #expect(notice.contains("Not using the keyring: there is no D-Bus session bus"))
        #expect(notice.contains(keyring.tokenFile))

        let login = try keyring.ado(
            "login", "--org", "contoso", "--skip-verify", input: "file-token\n", environment: noBus)
        #expect(login.status == 0, "\(login.output)")
        #expect(FileSnapshot.text(keyring.tokenFile)?.contains("personal access token = file-token") == true)
        #expect(FileSnapshot.mode(keyring.tokenFile) == 0o600)
        #expect(try keyring.items().isEmpty)
    }

    @Test func forcingTheKeyringWithoutABusIsAnErrorThatNamesTheCause() throws {
        let keyring = try PrivateKeyring()
        let result = try keyring.ado(
            "login", "--org", "contoso", "--skip-verify", input: "t\n",
            environment: ["DBUS_SESSION_BUS_ADDRESS": "", "ADO_ACCOUNTS_STORE": "keyring"])
        #expect(result.status == 5)
        #expect(result.standardError.contains("The keyring cannot be used: there is no D-Bus session bus"))
        #expect(!FileManager.default.fileExists(atPath: keyring.tokenFile))
    }

    @Test func storeFileWritesTheFileAndRemovesTheStaleKeyringCopyAzWouldReadFirst() throws {
        let keyring = try PrivateKeyring()
        let key = "azdevops-cli:https://dev.azure.com/contoso"
        try keyring.keyringSet(key, "stale-in-keyring")
        let login = try keyring.ado(
            "login", "--org", "contoso", "--skip-verify", "--store", "file", input: "fresh\n")
        #expect(login.status == 0, "\(login.output)")
        #expect(FileSnapshot.text(keyring.tokenFile)?.contains("= fresh") == true)
        #expect(try keyring.keyringGet(key) == nil)
        #expect(try keyring.ado("token", "--org", "contoso").standardOutput == "fresh\n")
    }

    @Test func readingTakesTheKeyringFirstAsAzDoes() throws {
        let keyring = try PrivateKeyring()
        let key = "azdevops-cli:https://dev.azure.com/contoso"
        try keyring.keyringSet(key, "from-keyring")
        mkdir(keyring.root.appending("home/.azure"), 0o700)
        mkdir(keyring.configDirectory, 0o700)
        try FileSnapshot.write("[\(key)]\npersonal access token = from-file\n", to: keyring.tokenFile)
        for store in ["auto", "file", "keyring"] {
            let token = try keyring.ado("token", "--org", "contoso", "--store", store)
            #expect(token.standardOutput == "from-keyring\n", "--store \(store)")
        }
        let list = try keyring.ado("list")
        #expect(list.standardOutput.contains("keyring+file"), "\(list.output)")
    }

    @Test func aLockedCollectionFallsBackToTheFileWithTheReason() throws {
        let keyring = try PrivateKeyring()
        try keyring.keyringSet("azdevops-cli:https://dev.azure.com/existing", "kept")
        try keyring.lock()

        let login = try keyring.ado("login", "--org", "contoso", "--skip-verify", input: "while-locked\n")
        #expect(login.status == 0, "\(login.output)")
        #expect(
            login.errorLines.first?.contains("Not using the keyring: the default keyring is locked") == true)
        #expect(FileSnapshot.text(keyring.tokenFile)?.contains("= while-locked") == true)

        let forced = try keyring.ado(
            "login", "--org", "other", "--skip-verify", "--store", "keyring", input: "x\n")
        #expect(forced.status == 5)
        #expect(forced.standardError.contains("The keyring cannot be used: the default keyring is locked"))

        // The locked item is untouched, and readable again once the keyring is unlocked.
        try keyring.startDaemon(replacing: true)
        #expect(try keyring.keyringGet("azdevops-cli:https://dev.azure.com/existing") == "kept")
    }

    @Test func aHungDaemonCostsTheProbeTimeoutAndTheFileIsUsed() throws {
        let keyring = try PrivateKeyring()
        kill(keyring.daemonPID, SIGSTOP)
        defer { kill(keyring.daemonPID, SIGCONT) }
        let login = try keyring.ado("login", "--org", "contoso", "--skip-verify", input: "t\n")
        #expect(login.status == 0, "\(login.output)")
        #expect(
            login.standardError.contains(
                "Not using the keyring: the Secret Service did not answer within 2 s"))
        #expect(FileSnapshot.text(keyring.tokenFile)?.contains("= t") == true)
    }

    /// Needs root: the command is not dumpable, so only root may read its threads' state in /proc.
    @Test(.enabled(if: getuid() == 0, "reading a non-dumpable process's /proc entries needs root"))
    func theDaemonKilledWhileTheCommandWaitsForTheTokenGivesAClearErrorAndLosesNothing() throws {
        let keyring = try PrivateKeyring()
        let existing = "azdevops-cli:https://dev.azure.com/existing"
        try keyring.keyringSet(existing, "kept")
        #expect(try keyring.ado("use", "https://dev.azure.com/existing").status == 0)
        let before = FileSnapshot.tree(keyring.configDirectory)

        // The command probes the keyring, then blocks reading the token from a FIFO; the daemon
        // dies meanwhile; then the token arrives.
        let fifo = keyring.root.appending("token.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        var environment = keyring.environment
        environment["ADO_FIFO"] = fifo
        let child = try ChildProcess(
            [
                "/bin/sh", "-c", "exec \"$0\" login --org contoso --skip-verify < \"$ADO_FIFO\"",
                adoAccountsBinary,
            ],
            environment: environment)
        let writer = open(fifo, O_WRONLY)  // returns once the command has opened its end
        #expect(writer >= 0)
        #expect(
            ProcessProbe.waitUntilReadingStandardInput(child.pid),
            "the command never got to reading the token")
        keyring.killDaemon()
        _ = "new-token\n".withCString { write(writer, $0, 10) }
        close(writer)
        let result = child.wait()

        #expect(result.status == 5, "\(result.output)")
        let error = result.errorLines.last ?? ""
        #expect(error.hasPrefix("ado-accounts: Could not "), "\(result.output)")
        #expect(error.contains("keyring"), "\(result.output)")
        #expect(!result.output.contains("new-token"))
        // Nothing written: no index line, no default change, no file fallback behind the user's back.
        #expect(FileSnapshot.tree(keyring.configDirectory) == before)
        // The keyring's own file still holds the earlier token.
        try keyring.startDaemon(replacing: true)
        #expect(try keyring.keyringGet(existing) == "kept")
        #expect(try keyring.keyringGet("azdevops-cli:https://dev.azure.com/contoso") == nil)
    }
}
