import Foundation
import TestSupport
import Testing

/// A login that changes the keyring and the token file together: killed before the file is
/// written, it leaves a token; once the file is written, what it did in the keyring stays,
/// whatever goes wrong afterwards.
@Suite(.enabled(if: KeyringTests.componentsAvailable))
struct KeyringAndFileChangeTests {
    static let organization = "https://dev.azure.com/contoso"
    static let key = "azdevops-cli:" + organization

    /// The secrets of az's items for the key.
    func keyringSecrets(_ keyring: PrivateKeyring) throws -> [String] {
        try keyring.items().compactMap { item in
            let attributes = item["attributes"] as? [String: String]
            guard attributes?["service"] == Self.key, attributes?["username"] == "Personal Access Token"
            else {
                return nil
            }
            return item["secret"] as? String
        }
    }

    /// The token file's line for the key, as written.
    func fileToken(_ keyring: PrivateKeyring) -> String? {
        let lines = (FileSnapshot.text(keyring.tokenFile) ?? "").split(separator: "\n").map(String.init)
        guard let header = lines.firstIndex(of: "[\(Self.key)]"), header + 1 < lines.count else { return nil }
        return lines[header + 1]
    }

    func logInToTheKeyring(_ keyring: PrivateKeyring, _ token: String) throws {
        let result = try keyring.ado(
            ["login", "--org", Self.organization, "--skip-verify"], input: token + "\n",
            environment: ["ADO_ACCOUNTS_STORE": "keyring"])
        #expect(result.status == 0, "\(result.output)")
    }

    /// `--store file` moves the organization's token out of the keyring. Killed once the new
    /// file is prepared but before it is in place, the keyring must still hold the old token:
    /// removing it first would leave the organization with none.
    @Test func aLoginToTheFileKilledBeforeItsWriteLeavesTheKeyringsToken() throws {
        let keyring = try PrivateKeyring()
        try logInToTheKeyring(keyring, "keyring-token")

        let killed = try keyring.ado(
            ["login", "--org", Self.organization, "--skip-verify", "--store", "file"], input: "file-token\n",
            environment: ["ADO_ACCOUNTS_CRASH_AT": "files.prepared"])
        #expect(killed.signal == SIGKILL, "\(killed.output)")
        #expect(try keyringSecrets(keyring) == ["keyring-token"], "the old token is still there")
        #expect(fileToken(keyring) == nil)

        let completed = try keyring.ado(
            ["login", "--org", Self.organization, "--skip-verify", "--store", "file"], input: "file-token\n")
        #expect(completed.status == 0, "\(completed.output)")
        #expect(try keyringSecrets(keyring).isEmpty, "moved out of the keyring once the file holds it")
        #expect(fileToken(keyring) == "personal access token = file-token")
    }

    /// A writer (az) opens the token file between the login's check and its rename, and keeps
    /// it open past the login's patience: its write cannot be folded in, which the login
    /// reports. The login's own change was made, the keyring's part of it included: undoing
    /// that part alone would leave the organization with neither its old token nor its new one.
    @Test func aWriteThatCannotBeKeptAfterTheFilesWereWrittenUndoesNothing() throws {
        guard let python = PythonKeyring.path else { return }
        let keyring = try PrivateKeyring()
        try logInToTheKeyring(keyring, "old-token")
        // A copy in the file too, as az leaves one: the re-login removes it from there.
        try FileSnapshot.write("[\(Self.key)]\npersonal access token = old-token\n\n", to: keyring.tokenFile)

        let work = try TemporaryDirectory("keyring-fold")
        let login = try ChildProcess(
            [adoAccountsBinary, "login", "--org", Self.organization, "--skip-verify"],
            environment: keyring.environment.merging([
                "ADO_ACCOUNTS_STORE": "keyring", "ADO_ACCOUNTS_STOP_AT": "files.checked",
            ]) { $1 },
            standardInput: Array("new-token\n".utf8))
        defer { login.kill(SIGKILL) }
        #expect(waitUntil { processState(login.pid) == "T" }, "the login stopped between check and rename")

        // Opens the file as az does (emptying it) and holds it open until told to go on.
        let writer = try ChildProcess(
            [
                python, "-c",
                #"""
                import os, sys, time
                path, work = sys.argv[1], sys.argv[2]
                with open(path, "w+") as f:
                    deadline = time.monotonic() + 60
                    while not os.path.exists(os.path.join(work, "go")) and time.monotonic() < deadline:
                        time.sleep(0.002)
                    f.write("[azdevops-cli:https://dev.azure.com/az]\npersonal access token = az\n")
                """#, keyring.tokenFile, work.path,
            ], environment: keyring.environment)
        defer { writer.kill(SIGKILL) }
        #expect(waitUntil { leaseIsBreaking(holder: login.pid) }, "the writer waits for the login's lease")
        kill(login.pid, SIGCONT)
        let result = login.wait()
        FileManager.default.createFile(atPath: work.appending("go"), contents: nil)
        #expect(writer.wait().status == 0)

        #expect(result.status == 5, "\(result.output)")
        #expect(result.errorLines.count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("ado-accounts' change was made"), "\(result.standardError)")
        #expect(!result.standardError.contains("nothing was changed"), "\(result.standardError)")
        #expect(try keyringSecrets(keyring) == ["new-token"], "the change stands, as reported")
        #expect(fileToken(keyring) == nil, "the file's copy is gone, as the login made it")
        #expect(FileSnapshot.text(keyring.indexFile) == Self.key + "\n")
    }
}
