import Foundation
import TestSupport
import Testing

@testable import CredentialCore

/// A change to several files is all or nothing; a change to another store is put back when the
/// files cannot be written. (az's concurrent writes: CommandLineTests/AzWriteWindowTests.)
@Suite struct FileChangeTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    var temporaryFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter {
            $0.contains(SecureFile.temporaryMarker)
        }
    }

    @Test func aFileThatCannotBeWrittenLeavesEveryOtherFileAsItWas() throws {
        let first = directory.appending("first")
        try FileSnapshot.write("old\n", to: first)
        // Its directory does not exist: the second new file cannot even be created.
        let second = directory.appending("missing/second")
        #expect(throws: CredentialError.self) {
            try FileChange.commit([
                FileChange(path: first) { _ in .write(Array("new\n".utf8)) },
                FileChange(path: second) { _ in .write(Array("new\n".utf8)) },
            ])
        }
        #expect(FileSnapshot.text(first) == "old\n")
        #expect(temporaryFiles.isEmpty, "the first new file is removed with the failure")
    }

    @Test func changesToOneFileInOneCommitAreAppliedInTurn() throws {
        let store = FileCredentialStore(path: directory.appending("personalAccessTokens"))
        let one = try OrganizationURL("one").key
        let two = try OrganizationURL("two").key
        try FileChange.commit([
            store.storing(try PersonalAccessToken("token-one"), for: one),
            store.storing(try PersonalAccessToken("token-two"), for: two),
            store.removing([one]),
            store.storing(try PersonalAccessToken("token-one-again"), for: one),
        ])
        #expect(try store.token(for: one)?.revealed == "token-one-again")
        #expect(try store.token(for: two)?.revealed == "token-two")
    }

    /// A login changes the other store (the keyring) at once and the token file last; when that
    /// write fails, the other store's token is put back. Both stores hold the organization, so
    /// the token goes to the other store and the file's copy is removed. The file's name is so
    /// long that no temporary file can be made beside it (its name would pass NAME_MAX), which
    /// makes the file's write fail only at commit.
    @Test func aLoginWhoseFilesCannotBeWrittenPutsTheOtherStoreBack() async throws {
        let organization = try OrganizationURL("contoso")
        let other = InMemoryCredentialStore(
            [organization.key: try PersonalAccessToken("old-token")], kind: .keyring)
        let file = FileCredentialStore(path: directory.appending(String(repeating: "t", count: 250)))
        try FileSnapshot.write(
            "[\(organization.key.rawValue)]\npersonal access token = file-token\n", to: file.path)
        let manager = AccountManager(
            environment: Environment(["AZURE_DEVOPS_EXT_CONFIG_DIR": directory.path, "HOME": directory.path]),
            stores: [other, file], verifier: ScriptedVerifier(), writeKind: .keyring)
        await #expect(throws: CredentialError.self) {
            try await manager.login(
                token: PersonalAccessToken("new-token"), organization: organization, verify: false)
        }
        #expect(try other.token(for: organization.key)?.revealed == "old-token")
        #expect(try file.token(for: organization.key)?.revealed == "file-token")
        #expect(!FileManager.default.fileExists(atPath: directory.appending("organization_list")))
    }
}
