import CredentialCore
import Foundation
import TestSupport
import Testing

/// A keyring that exists but cannot be used: locked with nobody to unlock it (no DISPLAY, as in
/// an SSH session), or a daemon that does not answer (SIGSTOP). A logout that would leave a
/// token in it fails with exit 5 and changes nothing; reads say that tokens could not be seen.
@Suite(.enabled(if: KeyringTests.componentsAvailable))
struct UnreadableKeyringTests {
    let contoso = "azdevops-cli:https://dev.azure.com/contoso"
    let fabrikam = "azdevops-cli:https://dev.azure.com/fabrikam"

    /// contoso and fabrikam in the keyring (contoso the default organization), filed in the file.
    func prepare(_ keyring: PrivateKeyring) throws {
        for (organization, token, store) in [
            ("contoso", "c", "auto"), ("fabrikam", "f", "auto"), ("filed", "x", "file"),
        ] {
            let login = try keyring.ado(
                "login", "--org", organization, "--skip-verify", "--store", store, input: token + "\n")
            #expect(login.status == 0, "\(login.output)")
        }
        #expect(try keyring.items().count == 2)
    }

    /// The keyring's items, read once the daemon is running and unlocked again.
    func expectKeyringItemsKept(_ keyring: PrivateKeyring) throws {
        #expect(try keyring.keyringGet(contoso) == "c")
        #expect(try keyring.keyringGet(fabrikam) == "f")
    }

    @Test func aLockedKeyringIsSearchedWithoutUnlockingAndNoLogoutLeavesItsTokensBehind() throws {
        let keyring = try PrivateKeyring()
        try prepare(keyring)
        let index = FileSnapshot.text(keyring.indexFile)
        try keyring.lock()

        let one = try keyring.ado("logout", "--org", "contoso")
        #expect(one.status == 5, "\(one.output)")
        #expect(
            one.errorLines.last
                == "ado-accounts: Could not log out: the keyring holds the token for https://dev.azure.com/contoso and cannot be used now: the default keyring is locked and was not unlocked. Nothing was removed.",
            "\(one.output)")
        let all = try keyring.ado("logout", "--all")
        #expect(all.status == 5, "\(all.output)")
        #expect(all.errorLines.last?.contains("the keyring holds 2 tokens and cannot be used now") == true)
        #expect(FileSnapshot.text(keyring.indexFile) == index, "nothing was removed")
        #expect(FileSnapshot.text(keyring.configFile)?.contains("https://dev.azure.com/contoso") == true)

        // Exact, not a blanket refusal: a token the locked keyring does not hold is logged out.
        let filed = try keyring.ado("logout", "--org", "filed")
        #expect(filed.status == 0, "\(filed.output)")

        let warning = "2 tokens in the keyring could not be seen: the default keyring is locked"
        let list = try keyring.ado("list")
        #expect(list.status == 0)
        #expect(list.standardError.contains("ado-accounts: warning: \(warning)"), "\(list.output)")
        let json = try keyring.ado("list", "--json")
        let warnings = try #require(
            (try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])?[
                "warnings"]
                as? [String])
        #expect(warnings.contains { $0.hasPrefix(warning) }, "\(warnings)")
        #expect(try keyring.ado("status").standardError.contains(warning))
        // Not "no credential: run login": the token is there, in a keyring that cannot be read.
        let status = try keyring.ado("status", "--org", "contoso")
        #expect(status.status == 5, "\(status.output)")
        #expect(
            status.standardOutput.contains(
                "  not known: The token for https://dev.azure.com/contoso is in the keyring, which cannot be used now"
            ), "\(status.output)")

        let token = try keyring.ado("token", "--org", "contoso")
        #expect(token.status == 5, "\(token.output)")
        #expect(
            token.errorLines.last
                == "ado-accounts: The token for https://dev.azure.com/contoso is in the keyring, which cannot be used now: the default keyring is locked and was not unlocked."
        )
        // Neither the organization's token nor the default credential is in the keyring: none.
        #expect(try keyring.ado("token", "--org", "elsewhere").status == 1)

        let doctor = try keyring.ado("doctor", "--json")
        #expect(doctor.status == 5, "\(doctor.output)")
        let findings =
            (try JSONSerialization.jsonObject(with: Data(doctor.standardOutput.utf8)) as? [String: Any])?[
                "findings"]
            as? [[String: Any]] ?? []
        let unreadable = try #require(findings.first { $0["kind"] as? String == "keyringUnreadable" })
        #expect(
            unreadable["message"] as? String
                == "2 tokens in the keyring could not be checked: the default keyring is locked and was not unlocked."
        )
        #expect(
            !findings.contains { $0["kind"] as? String == "defaultOrganizationWithoutToken" }, "\(findings)")

        try keyring.startDaemon(replacing: true)
        try expectKeyringItemsKept(keyring)
        #expect(try keyring.ado("list").standardOutput.contains("keyring"))
    }

    /// The account manager's logout of marked rows goes through the same refusal, and says why.
    @Test func theAccountManagersLogoutOfMarkedRowsIsRefusedWithTheReason() throws {
        let keyring = try PrivateKeyring()
        try prepare(keyring)
        try keyring.lock()
        let index = FileSnapshot.text(keyring.indexFile)
        let session = try TmuxSession(
            [adoAccountsBinary], width: 160, height: 30, environment: keyring.environment.mapValues { $0 })
        defer { session.close() }
        try session.waitFor { $0.contains("2 tokens in the keyring could not be seen") && $0.contains("[ ]") }
        func row(_ name: String, _ screen: String) -> String {
            screen.split(separator: "\n").first { $0.contains("dev.azure.com/\(name) ") }.map(String.init)
                ?? ""
        }
        try session.send("Space")  // marks the row and moves down
        try session.waitFor { row("contoso", $0).contains("[x]") }
        try session.send("Space")
        try session.waitFor { row("fabrikam", $0).contains("[x]") }
        try session.send("d")
        try session.waitFor { $0.contains("Log out of these 2 credentials?") }
        try session.send("y")
        let screen = try session.waitFor {
            $0.replacingOccurrences(of: "\n", with: " ").contains(
                "Could not log out: the keyring holds the token")
        }
        #expect(screen.contains("Nothing was removed."), "\(screen)")
        #expect(row("contoso", screen).contains("[x]"), "still marked: \(screen)")
        try session.send("q")
        #expect(try session.waitForExit() == 0)
        #expect(FileSnapshot.text(keyring.indexFile) == index)
        try keyring.startDaemon(replacing: true)
        try expectKeyringItemsKept(keyring)
    }

    /// The daemon is stopped while the commands run, so each waits for the probe's 2 s; they run
    /// side by side to keep the test short.
    @Test func aDaemonThatDoesNotAnswerFailsLogoutsAndTokenAndWarnsOnReads() throws {
        let keyring = try PrivateKeyring()
        try prepare(keyring)
        let index = FileSnapshot.text(keyring.indexFile)
        let commands: [[String]] = [
            ["logout", "--org", "contoso"], ["logout", "--org", "filed"], ["logout", "--all"],
            ["token", "--org", "contoso"], ["list"], ["doctor"],
        ]
        kill(keyring.daemonPID, SIGSTOP)
        let results: [ChildProcess.Result]
        do {
            defer { kill(keyring.daemonPID, SIGCONT) }
            let children = try commands.map {
                try ChildProcess([adoAccountsBinary] + $0, environment: keyring.environment)
            }
            results = children.map { $0.wait() }
        }
        let byCommand = Dictionary(
            uniqueKeysWithValues: zip(commands.map { $0.joined(separator: " ") }, results))
        let unknown = "the Secret Service did not answer within 2 s"
        for command in ["logout --org contoso", "logout --org filed", "logout --all"] {
            let result = try #require(byCommand[command])
            #expect(result.status == 5, "\(command): \(result.output)")
            #expect(
                result.errorLines.last?.contains("the keyring may hold") == true,
                "\(command): \(result.output)")
            #expect(result.errorLines.last?.hasSuffix("\(unknown). Nothing was removed.") == true)
        }
        let token = try #require(byCommand["token --org contoso"])
        #expect(token.status == 5, "\(token.output)")
        #expect(token.standardOutput.isEmpty)
        let list = try #require(byCommand["list"])
        #expect(list.status == 0)
        #expect(list.standardError.contains("warning: Tokens in the keyring could not be seen: \(unknown)."))
        let doctor = try #require(byCommand["doctor"])
        #expect(doctor.status == 5, "\(doctor.output)")
        #expect(doctor.standardError.contains("Tokens in the keyring could not be checked: \(unknown)."))

        #expect(FileSnapshot.text(keyring.indexFile) == index, "nothing was removed")
        #expect(FileSnapshot.text(keyring.tokenFile)?.contains("personal access token = x") == true)
        try expectKeyringItemsKept(keyring)
    }
}
