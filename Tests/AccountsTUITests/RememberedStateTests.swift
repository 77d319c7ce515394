import CredentialCore
import Foundation
import Testing

@testable import AccountsUI

/// IDENTITY, EXPIRES and STATE from ado-accounts.state, before any check this session.
@Suite("Remembered state")
struct RememberedStateTests {
    func session() async throws -> Session {
        let fixture = try Fixture()
        try await fixture.seed(["contoso", "fabrikam", "northwind", "tailspin", "wingtip"])
        try fixture.remember(GoldenState.rememberedRecords)
        return await fixture.session()
    }

    func cell(_ session: Session, _ text: String, in rowText: String) throws -> Style {
        let y = try #require(session.frame.row(containing: rowText))
        let line = session.frame.line(y)
        let range = try #require(line.range(of: text), "\(text) in \(line)")
        return session.frame[line.distance(from: line.startIndex, to: range.lowerBound), y].style
    }

    @Test func statesCarryTheirAgeAndExpiryItsDaysLeft() async throws {
        let session = try await session()
        #expect(
            session.effects.allSatisfy { if case .verify = $0 { false } else { true } }, "nothing is checked")
        #expect(try cell(session, "valid, 2 h ago", in: "contoso").role == .valid)
        #expect(try cell(session, "rejected, 5 min", in: "northwind").role == .rejected)
        #expect(try cell(session, "in 30 d", in: "contoso").role == .muted)
        // Under 7 days highlighted; past its expiry in the warning colour.
        #expect(try cell(session, "in 5 d", in: "tailspin").role == .expiresSoon)
        #expect(try cell(session, "expired ", in: "fabrikam").role == .expired)
        #expect(
            session.frame.line(try #require(session.frame.row(containing: "wingtip"))).hasSuffix("unknown"))
    }

    /// Two tokens of one display name with different e-mails are told apart by e-mail; a name
    /// nobody shares stays a name.
    @Test func anAmbiguousDisplayNameShowsTheEmail() async throws {
        let session = try await session()
        #expect(session.frame.contains("jane@contoso.example"))
        #expect(session.frame.contains("jane@fabrikam.example"))
        #expect(!session.frame.contains("Jane Doe"))
        #expect(session.frame.contains("Sam Lee"))
    }

    /// A check this session replaces the remembered state on its row.
    @Test func aCheckReplacesTheRememberedState() async throws {
        var session = try await session()
        session.fixture.verifier.accept("pat-northwind", as: "Nora North")
        while session.model.currentRow?.key != (try OrganizationURL("northwind")).key { session.press("j") }
        await session.pressAndSettle("v")
        let line = session.frame.line(try #require(session.frame.row(containing: "northwind")))
        #expect(line.contains("Nora North") && line.hasSuffix("valid"), "\(line)")
        let record = session.fixture.manager.memory()[credential: try OrganizationURL("northwind").key]
        #expect(record.outcome == .valid && record.displayName == "Nora North")
    }
}

@Suite("Expired on the screen")
struct ExpiredOnScreenTests {
    /// v on a token the service calls expired: the state says expired, and the status line
    /// what to do.
    @Test func anExpiredCheckSaysWhatToDo() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso"])
        fixture.verifier.answer(
            "https://dev.azure.com/contoso",
            .expired(reason: "HTTP 401: Access Denied: The Personal Access Token used has expired."))
        var session = await fixture.session()
        await session.pressAndSettle("v")
        let line = session.frame.line(try #require(session.frame.row(containing: "contoso")))
        #expect(line.hasSuffix("expired"), "\(line)")
        #expect(
            session.model.status?.text.hasSuffix(
                "Create a new token in Azure DevOps and press a to paste it.") == true)
        #expect(fixture.manager.memory()[credential: try OrganizationURL("contoso").key].outcome == .expired)
    }
}
