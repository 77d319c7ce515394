import CNcursesw
import Testing

@testable import AccountsTUI
@testable import AccountsUI

@Suite("Turning terminal input into keys")
struct InputDecoderTests {
    static func keys(_ input: [RawInput]) -> [Event] { InputDecoder.events(input).events }

    static func characters(_ text: String) -> [RawInput] { text.unicodeScalars.map { .character($0.value) } }

    static func key(_ event: Event?) -> Key? {
        if case .key(let key)? = event { return key }
        return nil
    }

    @Test func charactersAndControls() {
        let events = Self.keys(Self.characters("aé★ \r\n\t\u{7F}\u{08}\u{12}\u{03}\u{00}"))
        #expect(
            events.compactMap(Self.key) == [
                "a", "é", "★", " ", .enter, .enter, .tab, .backspace, .backspace, .control("r"),
                .control("c"),
            ])
    }

    @Test func functionKeysFromNcurses() {
        let codes = [
            KEY_UP, KEY_DOWN, KEY_LEFT, KEY_RIGHT, KEY_PPAGE, KEY_NPAGE, KEY_HOME, KEY_END, KEY_ENTER,
            KEY_BACKSPACE, KEY_DC, KEY_BTAB,
        ]
        let keys = Self.keys(codes.compactMap(CursesKeys.input(forCode:))).compactMap(Self.key)
        #expect(
            keys == [
                .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .backspace, .delete,
                .backTab,
            ])
        #expect(InputDecoder.events(CursesKeys.input(forCode: KEY_RESIZE).map { [$0] } ?? []).sawResize)
        #expect(CursesKeys.input(forCode: KEY_F0 + 5) == nil, "an unbound function key is dropped")
    }

    @Test func sequencesTerminfoDidNotKnowAreNotALoneEscape() {
        let cases: [(String, Key)] = [
            ("\u{1B}[A", .up), ("\u{1B}[B", .down), ("\u{1B}OA", .up), ("\u{1B}OD", .left),
            ("\u{1B}[5~", .pageUp),
            ("\u{1B}[6~", .pageDown), ("\u{1B}[1~", .home), ("\u{1B}[4~", .end), ("\u{1B}[7~", .home),
            ("\u{1B}[8~", .end),
            ("\u{1B}[H", .home), ("\u{1B}[F", .end), ("\u{1B}[3~", .delete), ("\u{1B}[Z", .backTab),
            ("\u{1B}[1;5A", .up), ("\u{1B}OM", .enter),
        ]
        for (sequence, expected) in cases {
            #expect(
                Self.keys(Self.characters(sequence)).compactMap(Self.key) == [expected],
                "\(sequence.debugDescription)")
        }
        #expect(Self.keys(Self.characters("\u{1B}[5~j")).compactMap(Self.key) == [.pageUp, "j"])
        #expect(Self.keys(Self.characters("\u{1B}[2~")).isEmpty, "Insert is not bound")
        #expect(
            Self.keys(Self.characters("\u{1B}q")).compactMap(Self.key) == [.escape, "q"],
            "Esc typed fast before q")
        #expect(Self.keys(Self.characters("\u{1B}")).compactMap(Self.key) == [.escape])
        #expect(Self.keys(Self.characters("\u{1B}\u{1B}")).compactMap(Self.key) == [.escape, .escape])
    }

    @Test func sgrMouse() {
        let events = Self.keys(Self.characters("\u{1B}[<0;5;3M\u{1B}[<0;5;3m\u{1B}[<64;1;1M\u{1B}[<65;1;1M"))
        #expect(events.count == 3)
        if case .click(let x, let y) = events[0] {
            #expect(x == 4 && y == 2)
        } else {
            Issue.record("not a click")
        }
        if case .scroll(let lines) = events[1] { #expect(lines == -3) } else { Issue.record("not a scroll") }
        if case .scroll(let lines) = events[2] { #expect(lines == 3) } else { Issue.record("not a scroll") }
    }

    @Test func ncursesMouseEvents() {
        let events = Self.keys([
            .mouse(x: 3, y: 4, kind: 1), .mouse(x: 0, y: 0, kind: 4), .mouse(x: 0, y: 0, kind: 5),
            .mouse(x: 0, y: 0, kind: 0),
        ])
        #expect(events.count == 3)
    }
}
