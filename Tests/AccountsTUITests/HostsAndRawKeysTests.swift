import CredentialCore
import TestSupport
import Testing

@testable import AccountsUI

/// Where a token typed into the account manager would go, shown before it goes; plain HTTP
/// refused with the reason; keys az stored that are no organization URL listed as they are.
@Suite("Hosts and raw keys in the account manager")
struct HostsAndRawKeysTests {
    @Test func theLoginFormNamesTheRealHostOfALookAlikeBeforeTheTokenIsTyped() async throws {
        let fixture = try Fixture()
        var session = await fixture.session()
        session.press("a")
        session.type("https://dev.аzure.com/contoso")
        #expect(session.screen.contains("Careful: the host is dev.xn--zure-43d.com"), "\(session.screen)")
        #expect(session.screen.contains("not │\n    │ dev.azure.com."), "wrapped: \(session.screen)")
        #expect(session.takePending().isEmpty, "nothing was sent")
        session.press(.control("u"))
        session.type("https://dev.azure.com/contoso")
        #expect(!session.screen.contains("Careful"), "\(session.screen)")
    }

    @Test func plainHTTPBeyondThisMachineIsRefusedWithTheReason() async throws {
        let fixture = try Fixture()
        var session = await fixture.session()
        session.fillLoginForm(organization: "http://tfs.example.com/tfs", token: "a-token")
        await session.pressAndSettle(.enter)
        let error = try #require(session.model.loginForm?.error)
        #expect(error.contains("would send the token unencrypted to tfs.example.com"), "\(error)")
        #expect(try fixture.store.storedKeys().isEmpty)
    }

    @Test func aRawKeyIsListedWholeAndIsNeverChecked() async throws {
        let fixture = try Fixture()
        let raw = try #require(CredentialKey(stored: "azdevops-cli:https://tfs.example.com/tfs\\coll"))
        try fixture.store.store(PersonalAccessToken("pat-raw"), for: raw)
        var session = await fixture.session()
        #expect(
            session.screen.contains("azdevops-cli:https://tfs.example.com/tfs\\coll"), "\(session.screen)")
        #expect(
            session.screen.contains("A key az stored that is not an organization URL"), "\(session.screen)")
        session.press("v")
        #expect(session.takePending().isEmpty, "nothing is sent")
        #expect(
            session.model.status?.text.contains("is not an organization URL, so it cannot be checked") == true
        )
    }
}
