import AccountsUI
import CNcursesw

/// ncurses' function key codes (what get_wch returns with KEY_CODE_YES) as the screen's input:
/// the one place that knows their numbers.
enum CursesKeys {
    /// nil for a code nothing is bound to (F5, KEY_SUSPEND, …): dropped, as an unknown key is.
    static func input(forCode code: Int32) -> RawInput? {
        if code == KEY_RESIZE { return .resize }
        return key(forCode: code).map { .key($0) }
    }

    static func key(forCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE, KEY_A3: .pageUp
        case KEY_NPAGE, KEY_C3: .pageDown
        case KEY_HOME, KEY_A1: .home
        case KEY_END, KEY_C1, KEY_LL: .end
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_BTAB: .backTab
        default: nil
        }
    }
}
