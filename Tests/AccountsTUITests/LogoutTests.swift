import CredentialCore
import TestSupport
import Testing

@testable import AccountsUI

@Suite("Logging out of marked rows")
struct LogoutTests {
    @Test func spaceMarksAndDLogsOutExactlyTheMarkedRowsAfterConfirmation() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["alpha", "bravo", "charlie", "delta"])
        var session = await fixture.session()
        session.press("j", " ")
        #expect(session.model.currentName == "dev.azure.com/charlie", "Space marks and moves down")
        session.press(" ")
        #expect(session.model.marked == [try key("bravo"), try key("charlie")])
        let bravo = try #require(session.frame.row(containing: "bravo"))
        #expect(session.frame.line(bravo).contains("[x]"))
        #expect(session.frame.style(of: "[x]")?.role == .marked)
        session.press("k", " ")
        #expect(session.model.marked == [try key("bravo")], "Space again unmarks")
        session.press("k", " ")
        #expect(session.model.marked == [try key("bravo"), try key("charlie")])

        session.press("d")
        let screen = session.screen
        #expect(screen.contains("Log out of these 2 credentials?"))
        #expect(screen.contains("  dev.azure.com/bravo"))
        #expect(screen.contains("  dev.azure.com/charlie"))
        #expect(!screen.contains("  dev.azure.com/alpha\n"), "only what will be removed is listed")
        #expect(screen.contains("The default organization stays dev.azure.com/alpha."))
        #expect(screen.contains("y log out    n cancel"))
        #expect(session.takePending().isEmpty)

        session.press("x")
        #expect(session.model.overlay != nil, "other keys do nothing")
        session.press("y")
        #expect(session.takePending() == [.logout([try key("bravo"), try key("charlie")])])
        session.send(
            .logoutFinished(.success(try fixture.manager.logout([try key("bravo"), try key("charlie")]))))
        await session.settle()
        #expect(session.frame.contains("Logged out of dev.azure.com/bravo, dev.azure.com/charlie."))
        #expect(session.model.marked.isEmpty)
        #expect(
            session.model.rows.map(\.organization) == [
                "https://dev.azure.com/alpha", "https://dev.azure.com/delta",
            ])
        #expect(try fixture.store.storedKeys() == [try key("alpha"), try key("delta")])
    }

    @Test func withoutMarksTheCurrentRowGoesAndTheDefaultIsCleared() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["alpha", "bravo"])
        var session = await fixture.session()
        session.press(.delete)
        #expect(session.screen.contains("Log out of dev.azure.com/alpha?"))
        #expect(
            session.screen.contains("The default organization https://dev.azure.com/alpha will be cleared.")
                == false)
        #expect(session.screen.contains("The default organization dev.azure.com/alpha will be cleared."))
        await session.pressAndSettle("y")
        #expect(session.frame.contains("The default organization was cleared."))
        #expect(FileSnapshot.text(fixture.configFile)?.contains("organization = \n") == true)
        #expect(!session.frame.contains("★"))
    }

    @Test func nAndEscCancel() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["alpha"])
        for key: Key in ["n", "N", .escape] {
            var session = await fixture.session()
            session.press("d", key)
            #expect(session.model.overlay == nil)
            #expect(session.takePending().isEmpty)
            #expect(session.frame.contains("Nothing was logged out."))
        }
        #expect(try fixture.store.storedKeys().count == 1)
    }

    @Test func removingTheDefaultCredentialSaysWhoIsLeftWithoutAToken() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["alpha"], defaultCredential: true)
        try fixture.manager.defaults.configure(["organization=lonely"])
        var session = await fixture.session(width: 100)
        session.press("G")
        #expect(session.model.currentName == "any organization")
        session.press("d")
        #expect(session.screen.contains("Log out of the default credential?"))
        #expect(session.screen.contains("1 organization uses the default credential and will have no token:"))
        #expect(session.screen.contains("dev.azure.com/lonely."))
    }

    @Test func aRowWithNothingStoredHasNothingToLogOut() async throws {
        let fixture = try Fixture()
        try fixture.manager.defaults.configure(["organization=lonely"])
        var session = await fixture.session()
        session.press("d")
        #expect(session.model.overlay == nil)
        #expect(session.frame.contains("Nothing is stored for dev.azure.com/lonely"))
    }

    @Test func aLongSelectionIsSummarisedToFitTheScreen() async throws {
        let fixture = try Fixture()
        try await fixture.seed((0..<30).map { "org\($0)" })
        var session = await fixture.session(width: 40, height: 10)
        for _ in 0..<30 { session.press(" ") }
        session.press("d")
        #expect(session.screen.contains("Log out of these 30 credentials?"))
        #expect(session.frame.contains("y log out"))
    }

    /// Issue 14.10: on a 40x10 screen the confirmation lists the names it will remove, one a
    /// line, and scrolls through the rest (↑↓ j k): never "… and 2 more (2 in all)" after none.
    @Test func everyNameIsListedAndTheRestScroll() async throws {
        let fixture = try Fixture()
        let names = ["alpha", "bravo", "charlie", "delta", "echo"]
        try await fixture.seed(names)
        try fixture.manager.defaults.configure(["organization=https://dev.azure.com/alpha"])
        var session = await fixture.session(width: 40, height: 10)
        session.press("g", " ", " ", " ", " ", " ", "d")
        #expect(session.screen.contains("Log out of these 5 credentials?"), "\(session.screen)")
        #expect(session.screen.contains("  dev.azure.com/alpha"), "\(session.screen)")
        #expect(session.screen.contains("Log out (↑↓ 1-"), "the title says the names scroll")
        #expect(!session.screen.contains("more ("), "\(session.screen)")
        var seen = Set<String>()
        for _ in 0..<6 {
            for name in names where session.screen.contains("  dev.azure.com/\(name)") { seen.insert(name) }
            session.press("j")
        }
        #expect(seen == Set(names), "every name was on the screen")
        #expect(session.screen.contains("  dev.azure.com/echo"))
        session.press("k")
        #expect(session.model.overlay != nil, "scrolling keeps the question open")
        await session.pressAndSettle("y")
        #expect(session.model.status?.text.hasPrefix("Logged out of") == true)
    }

    @Test func aFailedLogoutIsReported() async throws {
        var session = await try Fixture().session()
        session.send(
            .logoutFinished(.failure(CredentialError(.storage, "The token file could not be written."))))
        #expect(session.frame.style(of: "The token file could not be written.")?.role == .error)
    }
}
