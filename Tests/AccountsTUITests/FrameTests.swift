import Testing

@testable import AccountsUI

@Suite("Frames and text")
struct FrameTests {
    @Test func writingClipsAndMeasuresWideCharacters() {
        var frame = Frame(width: 10, height: 2)
        #expect(frame.write("日本語abc", x: 0, y: 0, style: .plain) == 9)
        #expect(frame.line(0) == "日本語abc")
        #expect(frame[1, 0].isContinuation)
        #expect(frame.write("abcdefghijklmnop", x: 5, y: 1, style: .plain) == 5)
        #expect(frame.line(1) == "     abcde")
        #expect(
            frame.write("x日", x: 8, y: 1, style: .plain) == 2,
            "a wide character that does not fit becomes a space")
        #expect(frame.line(1) == "     abcx")
        frame.write("Z", x: 1, y: 0, style: .plain)
        #expect(frame.line(0) == " Z本語abc", "overwriting half of a wide character blanks the other half")
    }

    @Test func controlCharactersNeverEnterAFrame() {
        var frame = Frame(width: 20, height: 1)
        frame.write("a\u{1B}[31mb\u{9B}c\u{202E}d\u{07}", x: 0, y: 0, style: .plain)
        #expect(frame.line(0) == "a?[31mb?c?d?")
        var ascii = Frame(width: 20, height: 1, asciiOnly: true)
        ascii.write("★ é日", x: 0, y: 0, style: .plain)
        #expect(ascii.line(0) == "? ??")
    }

    @Test func fittingAndWrapping() {
        #expect(Text.fit("dev.azure.com/adventure-works", 16, ellipsis: "…") == "dev.azure.com/a…")
        #expect(Text.fit("short", 16, ellipsis: "…") == "short")
        #expect(Text.fit("abcdef", 4, ellipsis: "...") == "a...")
        #expect(Text.wrap("one two three four", 9) == ["one two", "three", "four"])
        #expect(Text.wrap("abcdefghijkl", 5) == ["abcde", "fghij", "kl"])
        #expect(TextWidth.columns(of: "e\u{301}") == 1)
        #expect(TextWidth.columns(of: "★•") == 2)
        #expect(TextWidth.columns(of: "한글") == 4)
    }

    @Test func theTableDropsColumnsAsTheScreenNarrows() {
        let wide = TableColumns(width: 80, nameWidth: 30, identityWidth: 12)
        #expect(wide.store != nil && wide.identity != nil)
        #expect(wide.organization.count == 30)
        #expect(wide.state.upperBound <= 80)
        #expect(wide.identity!.upperBound < wide.state.lowerBound)
        #expect(
            TableColumns(width: 80, nameWidth: 30).identity == nil,
            "no identity column before a check names someone")
        let long = TableColumns(width: 80, nameWidth: 70, identityWidth: 40)
        #expect(long.identity!.count >= 10 && long.organization.count >= 12)
        #expect(long.identity!.upperBound < long.state.lowerBound)
        let narrow = TableColumns(width: 40)
        #expect(narrow.store == nil && narrow.identity == nil)
        #expect(narrow.state.upperBound <= 40)
        #expect(narrow.organization.upperBound < narrow.state.lowerBound)
    }
}
