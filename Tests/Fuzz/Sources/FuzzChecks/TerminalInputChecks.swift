// The account manager's key decoding (AccountsTUI's CursesKeys, then AccountsUI's InputDecoder)
// against whatever a terminal, a paste or a hostile program writing to the terminal can send.
// The libFuzzer target `terminal-input` runs it (Tests/Fuzz); the suite
// (AccountsTUITests/TerminalInputFuzzReplayTests, through a link to this file) replays the
// committed corpus and seeded mutations of it. Kept out of FuzzChecks.swift, which the core's
// tests link without the TUI.

@testable import AccountsTUI
@testable import AccountsUI

public enum TerminalInputChecks {
    public static let name = "terminal-input"

    /// 0xFF and two bytes (big-endian) is a function key code from ncurses (KEY_UP, KEY_RESIZE…).
    static let keyCodeMarker: UInt8 = 0xFF
    /// 0xFE and three bytes is an ncurses mouse report: x, y, kind.
    static let mouseMarker: UInt8 = 0xFE
    /// An escape sequence is complete or abandoned by this many items after its ESC: typing
    /// resumes after a broken or endless one, instead of vanishing into it.
    static let sequenceBound = 64

    /// The bytes as ncurses' get_wch hands input over: the two markers above, a well-formed
    /// UTF-8 character as that character, and any other byte as a character of its own value
    /// (as in a locale that is not UTF-8; C1 controls such as the 8-bit CSI 0x9B included).
    static func rawInput(_ bytes: [UInt8]) -> [RawInput] {
        var input: [RawInput] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == keyCodeMarker, index + 2 < bytes.count {
                // As the terminal reads it: a code nothing is bound to is dropped there.
                let code = Int32(bytes[index + 1]) << 8 | Int32(bytes[index + 2])
                if let item = CursesKeys.input(forCode: code) { input.append(item) }
                index += 3
                continue
            }
            if byte == mouseMarker, index + 3 < bytes.count {
                input.append(
                    .mouse(
                        x: Int(bytes[index + 1]), y: Int(bytes[index + 2]), kind: Int(bytes[index + 3] % 8)))
                index += 4
                continue
            }
            let length: Int =
                switch byte {
                case 0xC2...0xDF: 2
                case 0xE0...0xEF: 3
                case 0xF0...0xF4: 4
                default: 1
                }
            if length > 1, index + length <= bytes.count,
                let text = String(validating: bytes[index..<index + length], as: UTF8.self),
                let scalar = text.unicodeScalars.first
            {
                input.append(.character(scalar.value))
                index += length
            } else {
                input.append(.character(UInt32(byte)))
                index += 1
            }
        }
        return input
    }

    /// nil, or the property the decoder broke.
    public static func check(_ bytes: [UInt8]) -> String? {
        let input = rawInput(bytes)
        let (events, sawResize) = InputDecoder.events(input)

        // Nothing invented: every event consumes at least one item, an Esc (which quits) only
        // comes from an ESC, a click or a wheel only from the mouse or an escape sequence.
        if events.count > input.count { return "\(events.count) events from \(input.count) items" }
        let escapes = input.filter { $0 == .character(27) }.count
        if keys(events).filter({ $0 == .escape }).count > escapes { return "an Esc nobody typed" }
        let mice = input.filter { if case .mouse = $0 { true } else { false } }.count
        if events.count(where: { !isKey($0) }) > mice + escapes { return "a click or scroll from nowhere" }
        if sawResize != input.contains(.resize) { return "resize seen \(sawResize)" }

        // What reaches a text field is text: never a control character or a bidi override.
        for case .character(let character) in keys(events) {
            if let scalar = character.unicodeScalars.first(where: isControlOrOverride) {
                return "a key carries U+\(String(scalar.value, radix: 16))"
            }
        }

        // A control key is never lost, not even inside a broken escape sequence: Ctrl-C
        // quits and Enter submits, so neither may vanish into one.
        let controls = input.compactMap { item -> Key? in
            guard case .character(let value) = item, (1...26).contains(value), ![8, 10, 13].contains(value)
            else { return nil }
            return expectedKey(value)
        }
        let controlKeys = keys(events).filter { if case .control = $0 { true } else { $0 == .tab } }
        if controlKeys != controls { return "control keys \(controlKeys) instead of \(controls)" }
        let enters = input.filter { $0 == .character(10) || $0 == .character(13) }.count
        if keys(events).filter({ $0 == .enter }).count < enters { return "an Enter was lost" }

        // Plain text (no ESC, no C1 control, no function key or mouse) is one key per
        // character, in order: none lost, none added.
        let plain = input.filter {
            guard case .character(let value) = $0 else { return false }
            return value != 27 && !(0x80...0x9F).contains(value)
        }
        let expected = plain.compactMap { item -> Key? in
            guard case .character(let value) = item else { return nil }
            return expectedKey(value)
        }
        let decodedPlain = InputDecoder.events(plain).events
        if decodedPlain.count != expected.count || keys(decodedPlain) != expected {
            return "plain text: \(keys(decodedPlain)) instead of \(expected)"
        }

        // Bounded: after whatever came before, a run of bytes that could continue a sequence
        // (parameters, separators, intermediates) ends it within the bound, and what follows
        // is read as typed.
        for filler in ["1;", " ", "<"] {
            let tail = String(repeating: filler, count: sequenceBound / filler.count + 1)
            let probe = input + (tail + "zq").unicodeScalars.map { RawInput.character($0.value) }
            let last = keys(InputDecoder.events(probe).events).suffix(2)
            if Array(last) != ["z", "q"] {
                return "an escape sequence swallowed what came \(sequenceBound) items later (\(filler))"
            }
        }
        return nil
    }

    /// The key for one plain character, as a terminal's user means it.
    static func expectedKey(_ value: UInt32) -> Key? {
        switch value {
        case 10, 13: return .enter
        case 9: return .tab
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(value) + 0x60)))
        default:
            guard let scalar = Unicode.Scalar(value), !isControlOrOverride(scalar) else { return nil }
            return .character(Character(scalar))
        }
    }

    static func isControlOrOverride(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value)
    }

    static func keys(_ events: [Event]) -> [Key] {
        events.compactMap { if case .key(let key) = $0 { key } else { nil } }
    }

    static func isKey(_ event: Event) -> Bool {
        if case .key = event { true } else { false }
    }
}
