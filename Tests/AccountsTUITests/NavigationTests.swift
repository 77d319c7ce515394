import CredentialCore
import Testing

@testable import AccountsUI

@Suite("Moving around the list")
struct NavigationTests {
    static let names = (0..<60).map { String(format3($0)) }

    static func format3(_ number: Int) -> String {
        "org" + String(repeating: "0", count: 3 - String(number).count) + String(number)
    }

    @Test func everyMovementKeyMovesTheCursor() async throws {
        let fixture = try Fixture()
        try fixture.seedMany(Self.names)
        var session = await fixture.session()
        #expect(session.model.cursor == 0)
        session.press(.down)
        #expect(session.model.cursor == 1)
        session.press("j", "j")
        #expect(session.model.cursor == 3)
        session.press(.up)
        #expect(session.model.cursor == 2)
        session.press("k")
        #expect(session.model.cursor == 1)
        session.press(.end)
        #expect(session.model.cursor == 59)
        session.press(.home)
        #expect(session.model.cursor == 0)
        session.press("G")
        #expect(session.model.currentName == "dev.azure.com/org059")
        session.press("g")
        #expect(session.model.currentName == "dev.azure.com/org000")
        let page = session.model.layout.listHeight - 1
        session.press(.pageDown)
        #expect(session.model.cursor == page)
        session.press(.pageDown, .pageUp)
        #expect(session.model.cursor == page)
        session.press(.pageUp)
        #expect(session.model.cursor == 0)
        session.press(.up)
        #expect(session.model.cursor == 0, "the cursor stops at the top")
        session.press(.end, .down)
        #expect(session.model.cursor == 59, "and at the bottom")
    }

    @Test func aLongListScrollsAndKeepsTheCursorOnScreen() async throws {
        let fixture = try Fixture()
        try fixture.seedMany(Self.names)
        var session = await fixture.session()
        let layout = session.model.layout
        for _ in 0..<59 {
            session.press("j")
            let model = session.model
            #expect(model.cursor >= model.top && model.cursor < model.top + layout.listHeight)
            let row = layout.listTop + model.cursor - model.top
            #expect(session.frame.line(row).contains(model.currentName!))
            #expect(session.frame[10, row].style.isHighlighted)
        }
        #expect(session.frame.contains("dev.azure.com/org059"))
        #expect(!session.frame.contains("dev.azure.com/org000"))
        #expect(session.frame.line(layout.listTop).hasPrefix("↑"), "more rows above")
        session.press("g")
        #expect(session.frame.contains("dev.azure.com/org000"))
        #expect(session.frame.line(layout.listTop + layout.listHeight - 1).hasPrefix("↓"), "more rows below")
        #expect(session.frame.line(0).hasSuffix("1/60"))
    }

    @Test func aClickSelectsTheRowAndAClickOnItsBoxMarksIt() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["alpha", "bravo", "charlie"])
        var session = await fixture.session()
        let y = try #require(session.frame.row(containing: "dev.azure.com/charlie"))
        session.send(.click(x: 20, y: y))
        #expect(session.model.currentName == "dev.azure.com/charlie")
        #expect(session.model.marked.isEmpty)
        let bravo = try #require(session.frame.row(containing: "dev.azure.com/bravo"))
        session.send(.click(x: 4, y: bravo))
        #expect(session.model.currentName == "dev.azure.com/bravo")
        #expect(session.model.marked == [try key("bravo")])
        session.send(.click(x: 20, y: 0))
        #expect(session.model.currentName == "dev.azure.com/bravo", "clicks outside the list do nothing")
        session.send(.scroll(3))
        #expect(session.model.currentName == "dev.azure.com/charlie")
    }

    @Test func resizingRelaysOutAndKeepsTheCursorVisible() async throws {
        let fixture = try Fixture()
        try fixture.seedMany(Self.names)
        var session = await fixture.session()
        session.press("G")
        session.send(.resize(Size(width: 40, height: 10)))
        #expect(session.frame.width == 40 && session.frame.height == 10)
        let model = session.model
        #expect(model.cursor >= model.top && model.cursor < model.top + model.layout.listHeight)
        #expect(session.frame.contains("org059"))
        #expect(session.frame.line(8).hasPrefix(" https://dev.azure.com/org059"))
        #expect(session.frame.contains("STATE"))
        #expect(!session.frame.contains("IDENTITY"), "narrow screens drop columns")

        session.send(.resize(Size(width: 39, height: 10)))
        #expect(session.frame.lines.filter { !$0.isEmpty } == ["ado-accounts needs 40x10; this is 39x10"])
        session.send(.resize(Size(width: 20, height: 3)))
        #expect(session.frame.lines.filter { !$0.isEmpty }.count == 1, "a one-line notice")

        session.send(.resize(Size(width: 120, height: 40)))
        #expect(session.frame.contains("STORE"))
        #expect(session.model.top == max(0, 60 - session.model.layout.listHeight))
        #expect(session.frame.contains("org059"))
    }

    @Test func aLargeListDrawsOnlyWhatFits() async throws {
        let fixture = try Fixture()
        var session = await fixture.session()
        try fixture.seedMany((0..<10_000).map { "o\($0)" })
        await session.pressAndSettle("r")
        #expect(session.model.rows.count == 10_000)
        session.press("G")
        #expect(session.frame.contains("10000/10000"))
        session.press("/")
        session.type("o999")
        #expect(session.model.visible.count == 11)
        #expect(session.frame.lines.count == 24)
    }
}
