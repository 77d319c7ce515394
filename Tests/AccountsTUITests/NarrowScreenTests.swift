import CredentialCore
import TestSupport
import Testing

@testable import AccountsUI

/// Issue 14.10: what narrow screens keep of long names, help's End and G, and the keys the
/// empty list offers.
@Suite("Narrow screens, the help's ends, the empty list")
struct NarrowScreenTests {
    @Test func aLongNameIsCutInTheMiddleSoThatItsEndStays() {
        #expect(Text.fitMiddle("adventure-works-international", 16, ellipsis: "…") == "adventur…ational")
        #expect(Text.fitMiddle("contoso", 16, ellipsis: "…") == "contoso")
        #expect(Text.fitMiddle("日本語の組織名です", 9, ellipsis: "…") == "日本…です")
        for width in 1...30 {
            let cut = Text.fitMiddle("adventure-works-international", width, ellipsis: "…")
            #expect(TextWidth.columns(of: cut) <= width)
        }
    }

    @Test func twoLongNamesThatShareTheirStartStayApartAt40Columns() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["adventure-works-international", "adventure-works-internal-tools"])
        let session = await fixture.session(width: 40, height: 10)
        let rows = session.frame.lines[2..<6].joined(separator: "\n")
        #expect(rows.contains("national "), "the end of the first name")
        #expect(rows.contains("nal-tools "), "the end of the second name")
    }

    @Test func endAndGScrollTheHelpToItsEndAndHomeAndGBack() async throws {
        var session = await try Fixture().session(width: 40, height: 10)
        session.press("?")
        let last = HelpScreen.sections(.unicode).last!.entries.last!.action
        for key: Key in [.end, "G"] {
            session.press(.home)
            #expect(session.frame.contains("In the list"))
            session.press(key)
            #expect(session.model.overlay != nil, "\(key) scrolls, it does not close the help")
            #expect(session.frame.contains(String(last.prefix(12))))
            session.press("g")
            #expect(session.frame.contains("In the list"))
        }
    }

    @Test func theEmptyListOffersOnlyWhatWorks() async throws {
        let session = await try Fixture().session()
        let footer = session.frame.lines[23]
        #expect(footer.contains("a add"))
        #expect(footer.contains("q quit"))
        for absent in ["Enter default", "Space mark", "d logout", "v verify", "/ filter", "p project"] {
            #expect(!footer.contains(absent), "\(absent) does nothing without a row")
        }
    }
}
