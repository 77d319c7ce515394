/// A key press, as `update` sees it: decoded from ncurses (or from an escape sequence ncurses did
/// not know) by the input layer.
public enum Key: Equatable, Hashable, Sendable {
    /// A printable character.
    case character(Character)
    /// Ctrl with a letter: `.control("r")` is Ctrl-R.
    case control(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
}

extension Key: ExpressibleByExtendedGraphemeClusterLiteral {
    public init(extendedGraphemeClusterLiteral value: Character) {
        self = .character(value)
    }
}
