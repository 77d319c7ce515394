import Foundation
import TestSupport
import Testing

/// Keys python-keyring stored for az that ado-accounts used not to read: a server collection
/// with a space, and a key that is no URL ado-accounts accepts. Each test has a keyring of its own.
@Suite(.enabled(if: KeyringTests.componentsAvailable))
struct AzKeysInKeyringTests {
    static let spaced = "azdevops-cli:http://tfs.example.com/my collection"
    static let raw = "azdevops-cli:https://tfs.example.com/tfs\\coll"

    /// What `az devops login --org "http://tfs.example.com/My Collection"` leaves, and another key.
    func loggedInByAz() throws -> PrivateKeyring {
        let keyring = try PrivateKeyring()
        try keyring.keyringSet(Self.spaced, "pat-space")
        try keyring.keyringSet(Self.raw, "pat-raw")
        try FileSnapshot.write(Self.spaced + "\n" + Self.raw + "\n", to: keyring.indexFile)
        return keyring
    }

    @Test func theyAreListedAndLogoutAllRemovesTheSecretsBeforeTheIndex() throws {
        let keyring = try loggedInByAz()
        let list = try keyring.ado("list")
        #expect(list.status == 0, "\(list.output)")
        #expect(list.standardOutput.contains("http://tfs.example.com/my collection "), "\(list.output)")
        #expect(list.standardOutput.contains(Self.raw), "\(list.output)")

        let logout = try keyring.ado("logout", "--all")
        #expect(logout.status == 0, "\(logout.output)")
        #expect(try keyring.keyringGet(Self.spaced) == nil, "az finds no secret left behind")
        #expect(try keyring.keyringGet(Self.raw) == nil)
        #expect(FileSnapshot.text(keyring.indexFile) == nil)
    }

    @Test func doctorReportsTheRawKeyAndLogoutRemovesItByItsText() throws {
        let keyring = try loggedInByAz()
        let doctor = try keyring.ado("doctor")
        #expect(doctor.status == 1, "\(doctor.output)")
        #expect(doctor.output.contains("the key '\(Self.raw)'"), "\(doctor.output)")
        let logout = try keyring.ado("logout", "--org", "http://tfs.example.com/My Collection")
        #expect(logout.status == 0, "\(logout.output)")
        #expect(try keyring.keyringGet(Self.spaced) == nil)
        let rawLogout = try keyring.ado("logout", "--org", Self.raw)
        #expect(rawLogout.status == 0, "\(rawLogout.output)")
        #expect(try keyring.keyringGet(Self.raw) == nil)
        #expect(FileSnapshot.text(keyring.indexFile) == "")
    }

    /// A key the keyring cannot delete (its collection is locked) keeps its index line.
    @Test func aKeyTheKeyringKeepsKeepsItsIndexLine() throws {
        let keyring = try PrivateKeyring()
        try keyring.createItemInLockedKeyring(Self.spaced, "pat-locked")
        try FileSnapshot.write(Self.spaced + "\n", to: keyring.indexFile)
        let logout = try keyring.ado("logout", "--all")
        #expect(logout.status == 5, "\(logout.output)")
        #expect(FileSnapshot.text(keyring.indexFile) == Self.spaced + "\n")
    }
}
