import CredentialCore
import Testing

@testable import AccountsUI

@Suite("Filtering as you type")
struct FilterTests {
    @Test func typingNarrowsAndEscClears() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso", "contoso-dev", "fabrikam", "northwind"], defaultCredential: true)
        var session = await fixture.session()
        session.press("/")
        #expect(session.model.filter.isEditing)
        session.type("con")
        #expect(session.model.visible.count == 2)
        #expect(session.frame.contains("2 of 5 shown"))
        #expect(session.frame.contains("/con"))
        #expect(!session.frame.contains("fabrikam"))
        session.type("toso-")
        #expect(session.model.visible.count == 1)
        #expect(session.model.currentName == "dev.azure.com/contoso-dev")
        session.press(.backspace, .backspace)
        #expect(session.model.visible.count == 2, "deleting widens again")
        session.type("zzz")
        #expect(session.frame.contains("Nothing matches \"contoszzz\"."))
        session.press(.escape)
        #expect(!session.model.filter.isActive && !session.model.filter.isEditing)
        #expect(session.model.visible.count == 5)
        #expect(session.effects.allSatisfy { if case .quit = $0 { false } else { true } })
    }

    @Test func enterKeepsTheFilterAndEscThenClearsItBeforeQuitting() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso", "fabrikam"], defaultCredential: true)
        var session = await fixture.session()
        session.press("/")
        session.type("ANY")
        #expect(session.model.currentName == "any organization", "case does not matter")
        session.press(.enter)
        #expect(!session.model.filter.isEditing && session.model.filter.isActive)
        session.press("j", "k")
        #expect(session.model.filter.text == "ANY", "keys act on the list again")
        session.press(.escape)
        #expect(!session.model.filter.isActive)
        #expect(session.model.currentName == "any organization", "the cursor stays on its row")
        #expect(session.takePending().isEmpty)
        session.press(.escape)
        #expect(session.takePending() == [.quit])
    }

    @Test func theCursorFollowsItsRowThroughTheFilter() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["a1", "b1", "a2", "b2"])
        var session = await fixture.session()
        session.press("G")
        #expect(session.model.currentName == "dev.azure.com/b2")
        session.press("/")
        session.type("b")
        #expect(session.model.currentName == "dev.azure.com/b2")
        session.type("1")
        #expect(session.model.currentName == "dev.azure.com/b1", "the nearest row when its own is hidden")
    }
}
