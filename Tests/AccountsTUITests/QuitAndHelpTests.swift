import Testing

@testable import AccountsUI

@Suite("Quitting, help and redraw")
struct QuitAndHelpTests {
    @Test func qEscAndCtrlCQuit() async throws {
        let fixture = try Fixture()
        for key: Key in ["q", .escape, .control("c")] {
            var session = await fixture.session()
            session.press(key)
            #expect(session.takePending() == [.quit])
        }
    }

    @Test func ctrlLRedraws() async throws {
        var session = await try Fixture().session()
        session.press(.control("l"))
        #expect(session.takePending() == [.redraw])
    }

    @Test func theHelpListsEveryKeyAndClosesOnAnyOtherKey() async throws {
        let fixture = try Fixture()
        var session = await fixture.session(width: 100, height: 90)
        session.press("?")
        let screen = session.screen
        for section in HelpScreen.sections(.unicode) {
            #expect(screen.contains(section.title))
            for entry in section.entries {
                #expect(screen.contains(entry.keys), "help shows \(entry.keys)")
                #expect(screen.contains(entry.action))
            }
        }
        for binding in [
            "k j", "PgUp", "Home End  g G", "Enter", "Space", "d  Delete", "/", "Ctrl-R", "Tab", "y",
            "n  Esc",
        ] {
            #expect(screen.contains(binding))
        }
        session.press("q")
        #expect(session.model.overlay == nil)
        #expect(session.takePending().isEmpty, "q closes the help, it does not quit")
    }

    @Test func theHelpScrollsOnSmallScreens() async throws {
        var session = await try Fixture().session(width: 40, height: 10)
        session.press("?")
        #expect(session.frame.contains("In the list"))
        for _ in 0..<200 { session.press("j") }
        #expect(session.frame.contains(HelpScreen.sections(.unicode).last!.title), "the end of the help")
        #expect(!session.frame.contains("In the list"))
        session.press(.escape)
        #expect(session.model.overlay == nil)
    }
}
