import CredentialCore
import Testing

@testable import AccountsUI

@Suite("Verifying tokens")
struct VerifyTests {
    @Test func vChecksTheCurrentRowAndShowsTheAnswer() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["alpha", "bravo"])
        fixture.verifier.accept("pat-alpha", as: "Ada")
        var session = await fixture.session()
        session.press("v")
        let pending = session.takePending()
        #expect(pending == [.verify([try OrganizationURL("https://dev.azure.com/alpha")])])
        #expect(session.frame.contains("⠋ checking"))
        #expect(session.frame.line(0).contains("⠋"), "the title shows work in flight")
        session.send(.tick)
        #expect(session.frame.contains("⠙ checking"))
        for effect in pending {
            for event in await Session.perform(effect, fixture.manager) { session.send(event) }
        }
        let row = try #require(session.frame.row(containing: "alpha"))
        #expect(session.frame.line(row).contains("Ada"))
        #expect(session.frame.line(2).contains("IDENTITY"), "the column appears once a check names someone")
        #expect(session.frame.line(row).hasSuffix("valid"))
        #expect(session.frame.contains("dev.azure.com/alpha: valid, signed in as Ada."))
        #expect(!session.model.isBusy)
        session.press("j", "k")
        #expect(session.model.status == nil, "moving on dismisses the status")
        #expect(
            session.frame.contains("https://dev.azure.com/alpha uses its own PAT (file) · signed in as Ada")
        )

        session.press("j")
        await session.pressAndSettle("v")
        let bravo = try #require(session.frame.row(containing: "bravo"))
        #expect(session.frame.line(bravo).hasSuffix("rejected"))
        #expect(session.frame.style(of: "rejected")?.role == .rejected)
        #expect(
            session.frame.contains("dev.azure.com/bravo: rejected (HTTP 401: the token was not accepted)."))
        session.press("k", "j")
        // The row's details take both lines above the keys rather than being cut.
        let footer = (session.frame.line(21) + " " + session.frame.line(22)).split(separator: " ").joined(
            separator: " ")
        #expect(
            footer.contains("https://dev.azure.com/bravo uses its own PAT (file) · rejected: HTTP 401:"))
        #expect(footer.hasSuffix("the token was not accepted"))
    }

    @Test func capitalVChecksEveryRowShownAndEachUpdatesAsItsAnswerArrives() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["alpha", "bravo", "charlie"], defaultCredential: true)
        fixture.verifier.accept("pat-alpha", as: "Ada")
        fixture.verifier.answer("https://dev.azure.com/charlie", .unreachable(reason: "could not connect"))
        var session = await fixture.session()
        session.press("V")
        let pending = session.takePending()
        guard case .verify(let organizations) = pending.first else {
            Issue.record("expected a verify effect")
            return
        }
        #expect(
            organizations.map(\.canonicalURL) == [
                "https://dev.azure.com/alpha", "https://dev.azure.com/bravo", "https://dev.azure.com/charlie",
            ])
        #expect(session.screen.occurrences(of: "checking") == 3)
        #expect(session.frame.contains("Checking 3 organizations…"))

        let checks = await Session.perform(pending[0], fixture.manager)
        let charlie = checks.first {
            if case .checked(let check) = $0 {
                check.organization.canonicalURL.hasSuffix("charlie")
            } else {
                false
            }
        }!
        session.send(charlie)
        let charlieRow = try #require(session.frame.row(containing: "charlie"))
        #expect(session.frame.line(charlieRow).hasSuffix("unreachable"))
        #expect(session.screen.occurrences(of: "checking") == 2, "the others are still checking")
        for event in checks {
            if case .checked(let check) = event, !check.organization.canonicalURL.hasSuffix("charlie") {
                session.send(event)
            }
        }
        #expect(!session.screen.contains("checking"))
        #expect(session.frame.contains("Checked 3 organizations: 1 valid, 1 rejected, 1 unreachable."))
    }

    @Test func capitalVChecksOnlyTheFilteredRows() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["alpha", "bravo", "alps"])
        var session = await fixture.session()
        session.press("/")
        session.type("alp")
        session.press(.enter, "V")
        guard case .verify(let organizations) = session.takePending().first else {
            Issue.record("expected a verify effect")
            return
        }
        #expect(
            organizations.map(\.canonicalURL) == [
                "https://dev.azure.com/alpha", "https://dev.azure.com/alps",
            ])
    }

    /// Once long names give way to their bare form, the columns they no longer need go to the
    /// identity, instead of staying blank while the identity is cut to ten columns.
    @Test func bareNamesLeaveTheirRoomToTheIdentity() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["adventure-works-cycles-europe"])
        fixture.verifier.accept("pat-adventure-works-cycles-europe", as: "Jane Doe (Contoso)")
        var session = await fixture.session()
        await session.pressAndSettle("v")
        let row = try #require(session.frame.row(containing: "adventure-works-cycles-europe"))
        let line = session.frame.line(row)
        #expect(!line.contains("dev.azure.com/"), "the name is bare: \(line)")
        #expect(line.contains("Jane Doe (Contoso)"), "the identity is whole: \(line)")
        #expect(line.hasSuffix("valid"))
    }

    /// Without a default organization there is nothing to check the default credential against.
    @Test func theDefaultCredentialNeedsADefaultOrganizationToBeChecked() async throws {
        let fixture = try Fixture()
        try await fixture.seed([], defaultCredential: true)
        var session = await fixture.session()
        session.press("v")
        #expect(session.takePending().isEmpty)
        #expect(session.frame.contains("The default credential is checked against the default organization"))
        session.press("V")
        #expect(session.takePending().isEmpty)
        #expect(session.frame.contains("There is no organization to verify."))
    }

    /// v on "any organization" checks the default credential itself against the default
    /// organization (which has a token of its own that a plain check would use instead), and
    /// the answer is remembered for that row.
    @Test func theDefaultCredentialIsCheckedAgainstTheDefaultOrganization() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso"], defaultCredential: true)
        _ = try fixture.manager.setDefaultOrganization(OrganizationURL("contoso"))
        fixture.verifier.accept("pat-default", as: "Default Dana")
        var session = await fixture.session()
        let row = try #require(session.frame.row(containing: "any organization"))
        session.press("G")
        #expect(session.model.currentRow?.isDefaultCredential == true)
        await session.pressAndSettle("v")
        #expect(session.effects.contains(.verifyDefaultCredential(try OrganizationURL("contoso"))))
        let line = session.frame.line(row)
        #expect(line.contains("Default Dana"), "\(line)")
        #expect(line.hasSuffix("valid"), "\(line)")
        #expect(session.frame.contains("The default credential: valid, signed in as Default Dana."))
        let record = fixture.manager.memory()[credential: .defaultCredential]
        #expect(record.outcome == .valid && record.displayName == "Default Dana")
        #expect(fixture.manager.memory()[credential: try OrganizationURL("contoso").key].outcome == nil)
    }

    @Test func anOrganizationWithoutAnyTokenSaysSo() async throws {
        let fixture = try Fixture()
        try fixture.manager.defaults.configure(["organization=lonely"])
        var session = await fixture.session()
        await session.pressAndSettle("v")
        #expect(
            session.frame.line(session.frame.row(containing: "[ ] dev.azure.com/lonely")!).hasSuffix(
                "no token"))
    }
}
