import CredentialCore
import Glibc
import TestSupport
import Testing

@testable import AccountsUI

/// The login form on an organization that already has a token: the token is replaced where it
/// is (az devops may read only the file), not moved to where new tokens go.
@Suite("Logging in again keeps the token's store")
struct ReLoginTests {
    @Test func theFormReplacesATokenInTheFileThereWhenNewTokensGoToTheKeyring() async throws {
        let keyring = keyringStandIn()
        let fixture = try Fixture(
            stores: { [keyring, FileCredentialStore(path: $0 + "/personalAccessTokens")] },
            writeKind: .keyring)
        mkdir(fixture.directory.appending("cfg"), 0o700)
        let file = FileCredentialStore(path: fixture.directory.appending("cfg/personalAccessTokens"))
        try file.store(PersonalAccessToken("old-in-file"), for: try key("contoso"))
        try FileSnapshot.write(
            try key("contoso").rawValue + "\n", to: fixture.directory.appending("cfg/organization_list"))
        fixture.verifier.accept("renewed", as: "Ada Lovelace")
        var session = await fixture.session()
        let row = try #require(session.frame.row(containing: "] dev.azure.com/contoso"))
        #expect(session.frame.line(row).contains("  file  "), "\(session.frame)")

        await logIn(to: "contoso", &session, fixture)
        #expect(
            session.model.status?.text.hasPrefix("Logged in to dev.azure.com/contoso as Ada Lovelace.")
                == true)
        #expect(try file.token(for: try key("contoso")) == PersonalAccessToken("renewed"))
        #expect(try keyring.storedKeys().isEmpty, "not moved to the keyring")
        #expect(
            session.frame.line(try #require(session.frame.row(containing: "] dev.azure.com/contoso")))
                .contains("  file  "))

        // A new organization still goes where new tokens go.
        await logIn(to: "fabrikam", &session, fixture)
        #expect(try keyring.storedKeys() == [try key("fabrikam")])
    }

    /// The form, filled in and submitted, and its effects run.
    private func logIn(to organization: String, _ session: inout Session, _ fixture: Fixture) async {
        session.press("a")
        session.type(organization)
        session.press(.tab)
        session.type("renewed")
        session.press(.enter)
        for effect in session.takePending() {
            for event in await Session.perform(effect, fixture.manager) { session.send(event) }
        }
        await session.settle()
    }
}
