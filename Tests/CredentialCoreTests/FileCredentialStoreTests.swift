import Foundation
import TestSupport
import Testing

@testable import CredentialCore

@Suite struct FileCredentialStoreTests {
    let directory: TemporaryDirectory
    let store: FileCredentialStore
    let contoso: CredentialKey

    init() throws {
        directory = try TemporaryDirectory()
        store = FileCredentialStore(path: directory.appending("personalAccessTokens"))
        contoso = try OrganizationURL("contoso").key
    }

    @Test func storesReadsAndRemovesInAzFormat() throws {
        try store.store(PersonalAccessToken("pat-one"), for: contoso)
        try store.store(PersonalAccessToken("pat-default"), for: .defaultCredential)
        #expect(
            FileSnapshot.text(store.path) == """
                [azdevops-cli:https://dev.azure.com/contoso]
                personal access token = pat-one

                [azdevops-cli: default]
                personal access token = pat-default


                """)
        #expect(try store.token(for: contoso)?.revealed == "pat-one")
        #expect(try store.storedKeys() == [contoso, .defaultCredential])
        #expect(try store.remove([contoso, try OrganizationURL("other").key]) == [contoso])
        #expect(try store.storedKeys() == [.defaultCredential])
        #expect(try store.token(for: contoso) == nil)
    }

    @Test func theFileIsPrivateWhateverTheUmask() throws {
        let previous = umask(0)
        defer { umask(previous) }
        try store.store(PersonalAccessToken("pat"), for: contoso)
        #expect(FileSnapshot.mode(store.path) == 0o600)
    }

    @Test func aWideFileIsReportedAndRewrittenPrivately() throws {
        try FileSnapshot.write(
            "[azdevops-cli: default]\npersonal access token = x\n\n", to: store.path, mode: 0o644)
        #expect(store.isReadableByOthers)
        #expect(store.warnings().count == 1)
        #expect(store.warnings()[0].contains("readable by others (mode 644)"))
        try store.store(PersonalAccessToken("y"), for: contoso)
        #expect(FileSnapshot.mode(store.path) == 0o600)
        #expect(store.warnings().isEmpty)
    }

    @Test func listingSkipsSectionsWithoutAValueAndForeignSections() throws {
        try FileSnapshot.write(
            "[azdevops-cli:https://dev.azure.com/empty]\npersonal access token =\n\n[not ours]\nx = y\n\n[azdevops-cli: default]\nPersonal Access Token = z\n",
            to: store.path)
        #expect(try store.storedKeys() == [.defaultCredential])
        #expect(
            try store.token(for: CredentialKey(stored: "azdevops-cli:https://dev.azure.com/empty")!) == nil)
    }

    @Test func aSymbolicLinkIsNeverFollowed() throws {
        let target = directory.appending("elsewhere")
        try FileSnapshot.write("[azdevops-cli: default]\npersonal access token = x\n", to: target)
        symlink(target, store.path)
        #expect(throws: CredentialError.self) { try store.storedKeys() }
        #expect(throws: CredentialError.self) { try store.store(PersonalAccessToken("new"), for: contoso) }
        #expect(FileSnapshot.text(target) == "[azdevops-cli: default]\npersonal access token = x\n")
    }

    @Test func aDirectoryInPlaceOfTheFileIsAClearError() throws {
        mkdir(store.path, 0o700)
        let token = try PersonalAccessToken("x")
        #expect {
            try store.store(token, for: contoso)
        } throws: { error in
            let error = error as? CredentialError
            return error?.kind == .storage && error?.message.contains("is a directory") == true
        }
    }

    @Test func tokensNeverShowInDescriptions() throws {
        let token = try PersonalAccessToken("super-secret-value")
        #expect("\(token)" == "<redacted>")
        #expect(String(reflecting: token) == "<redacted>")
        var dumped = ""
        dump(token, to: &dumped)
        #expect(!dumped.contains("super-secret-value"))
    }
}

@Suite struct PersonalAccessTokenTests {
    @Test(arguments: [
        ("", "empty"),
        ("abc def", "whitespace"),
        ("abc\u{0}def", "control character"),
        ("abc\u{1B}[2Jdef", "control character"),
        ("abc\u{7F}", "control character"),
        ("abc\u{200B}def", "control character"),
        (String(repeating: "x", count: 1025), "longer than 1024"),
    ])
    func refusesUnusableTokens(text: String, reason: String) {
        #expect {
            try PersonalAccessToken(text)
        } throws: { error in
            (error as? CredentialError)?.message.contains(reason) == true
        }
    }

    @Test func acceptsTheLongestAllowedToken() throws {
        #expect(try PersonalAccessToken(String(repeating: "x", count: 1024)).revealed.count == 1024)
    }

    @Test func enteredBytesLoseWhitespaceAtBothEnds() throws {
        #expect(try PersonalAccessToken(entered: Array("tok\r\n \t\u{0B}\u{1C}".utf8)).revealed == "tok")
        #expect(try PersonalAccessToken(entered: Array(" \t tok ".utf8)).revealed == "tok")
        #expect(throws: CredentialError.self) { try PersonalAccessToken(entered: Array("t ok".utf8)) }
        #expect(throws: CredentialError.self) { try PersonalAccessToken(entered: [0x74, 0xFF, 0x6B]) }
        #expect(throws: CredentialError.self) { try PersonalAccessToken(entered: Array(" \n".utf8)) }
    }
}
