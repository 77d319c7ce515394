/// What the terminal read, before it means anything: characters as they came, and what the
/// terminal library recognised itself (a function key, a resize, a mouse report).
package enum RawInput: Equatable, Sendable {
    /// A character, as a code point (or, in a locale that is not UTF-8, a byte).
    case character(UInt32)
    /// A key the terminal library decoded from its terminfo entry.
    case key(Key)
    /// The terminal changed size.
    case resize
    /// A mouse report: kind 1 left press, 4 wheel up, 5 wheel down.
    case mouse(x: Int, y: Int, kind: Int)
}

/// Turns a batch of raw input into events. Escape sequences ncurses did not recognise (a TERM
/// whose terminfo lacks the keys the terminal sends, as with vt100 under tmux) are decoded here,
/// so that they never arrive as a lone Esc, which would quit. Esc followed at once by anything
/// else (fast typing, Alt with a key) is Esc and then that key: nothing is bound to Alt.
package enum InputDecoder {
    /// Events in the order they were typed.
    package static func events(_ input: [RawInput]) -> (events: [Event], sawResize: Bool) {
        var events: [Event] = []
        var sawResize = false
        var index = 0
        while index < input.count {
            let item = input[index]
            index += 1
            switch item {
            case .key(let key):
                events.append(.key(key))
            case .resize:
                sawResize = true
            case .mouse(let x, let y, let kind):
                switch kind {
                case 1: events.append(.click(x: x, y: y))
                case 4: events.append(.scroll(-3))
                case 5: events.append(.scroll(3))
                default: break
                }
            case .character(27):
                guard index < input.count, case .character(let introducer) = input[index],
                    introducer == 0x5B || introducer == 0x4F
                else {
                    events.append(.key(.escape))
                    continue
                }
                var sequence: [UInt32] = []
                while index < input.count, case .character(let next) = input[index],
                    EscapeSequence.canExtend(sequence, with: next)
                {
                    sequence.append(next)
                    index += 1
                    if EscapeSequence.isComplete(sequence) { break }
                }
                if EscapeSequence.isComplete(sequence), let event = EscapeSequence.event(after: sequence) {
                    events.append(event)
                }
            case .character(let value):
                if let key = key(forCharacter: value) { events.append(.key(key)) }
            }
        }
        return (events, sawResize)
    }

    static func key(forCharacter value: UInt32) -> Key? {
        switch value {
        case 10, 13: return .enter
        case 9: return .tab
        case 8, 127: return .backspace
        case 27: return .escape
        case 1...26:
            return .control(Character(Unicode.Scalar(UInt8(value) + 0x60)))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(value), !Frame.isUnsafe(scalar) else { return nil }
            return .character(Character(scalar))
        }
    }
}

/// The escape sequences terminals send for keys, for when terminfo did not describe them.
enum EscapeSequence {
    /// The longest sequence read after ESC; a terminal's keys and mouse reports are shorter
    /// (an SGR mouse report at 65535,65535 has 17 bytes).
    static let maximumLength = 32

    /// Whether `next` can be the next byte after ESC: the introducer, then the printable ASCII
    /// that sequences are made of, up to `maximumLength`. Anything else (ESC, Enter, Ctrl-C, a
    /// non-ASCII character) or a longer run abandons the sequence: what it had is dropped and
    /// that byte is read as a key, so that no key vanishes into a broken or endless sequence.
    static func canExtend(_ sequence: [UInt32], with next: UInt32) -> Bool {
        sequence.isEmpty || (sequence.count < maximumLength && (0x20...0x7E).contains(next))
    }

    /// Whether the bytes after ESC form a whole sequence (so that what follows is a new key).
    static func isComplete(_ sequence: [UInt32]) -> Bool {
        guard let first = sequence.first else { return false }
        switch first {
        case 0x5B:  // CSI: parameters, then a final byte in @…~
            guard sequence.count >= 2, let last = sequence.last else { return false }
            if sequence.count == 2, last == 0x3C { return false }  // "<" starts SGR mouse
            return (0x40...0x7E).contains(last)
        case 0x4F:  // SS3: one more byte
            return sequence.count >= 2
        default:
            return true
        }
    }

    /// The event for ESC followed by `sequence`; nil for one this program does not use.
    static func event(after sequence: [UInt32]) -> Event? {
        guard let first = sequence.first else { return .key(.escape) }
        switch first {
        case 0x5B: return csi(Array(sequence.dropFirst()))
        case 0x4F:
            guard sequence.count == 2 else { return nil }
            return final(sequence[1]).map { .key($0) } ?? (sequence[1] == 0x4D ? .key(.enter) : nil)
        default:
            return nil
        }
    }

    private static func csi(_ body: [UInt32]) -> Event? {
        guard let last = body.last else { return nil }
        let parameters = String(
            decoding: body.dropLast().map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
        if parameters.hasPrefix("<"), last == 0x4D || last == 0x6D {
            return sgrMouse(parameters.dropFirst(), pressed: last == 0x4D)
        }
        if last == 0x7E {
            let number = Int(parameters.split(separator: ";").first ?? "") ?? 0
            switch number {
            case 1, 7: return .key(.home)
            case 4, 8: return .key(.end)
            case 3: return .key(.delete)
            case 5: return .key(.pageUp)
            case 6: return .key(.pageDown)
            default: return nil
            }
        }
        return final(last).map { .key($0) }
    }

    private static func final(_ byte: UInt32) -> Key? {
        switch byte {
        case 0x41: .up
        case 0x42: .down
        case 0x43: .right
        case 0x44: .left
        case 0x48: .home
        case 0x46: .end
        case 0x5A: .backTab
        default: nil
        }
    }

    /// `ESC [ < button ; x ; y M` (1-based): a press of the left button, or the wheel.
    /// Numbers are read as a terminal writes them, unsigned and 16-bit: a pasted `-9223…` would
    /// otherwise overflow on the way to 0-based.
    private static func sgrMouse(_ parameters: Substring, pressed: Bool) -> Event? {
        let numbers = parameters.split(separator: ";").compactMap { UInt16($0).map(Int.init) }
        guard pressed, numbers.count == 3 else { return nil }
        switch numbers[0] {
        case 0: return .click(x: numbers[1] - 1, y: numbers[2] - 1)
        case 64: return .scroll(-3)
        case 65: return .scroll(3)
        default: return nil
        }
    }
}
