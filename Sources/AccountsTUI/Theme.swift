import AccountsUI
import CNcursesw
import CursesShim

/// How each role looks: colours when the terminal has them and NO_COLOR is not set, otherwise
/// bold, dim, underline and reverse video only.
struct Theme {
    private let attributes: [Int32]
    private let reverse: Int32

    func attributes(for style: Style) -> Int32 {
        attributes[Int(style.role.rawValue)] | (style.isHighlighted ? reverse : 0)
    }

    /// Sets up colour pairs when `useColor`; call after `start_color`.
    @MainActor
    static func make(useColor: Bool) -> Theme {
        let bold = tui_attr_bold()
        let dim = tui_attr_dim()
        let underline = tui_attr_underline()
        let reverse = tui_attr_reverse()
        let normal = tui_attr_normal()

        var table = [Int32](repeating: normal, count: Role.allCases.count)
        func set(_ role: Role, _ value: Int32) { table[Int(role.rawValue)] = value }

        if useColor {
            let background: Int16 = use_default_colors() == OK ? -1 : Int16(COLOR_BLACK)
            let colors: [(Int16, Int32, Int32)] = [
                (1, COLOR_YELLOW, -1), (2, COLOR_CYAN, -1), (3, COLOR_MAGENTA, -1), (4, COLOR_GREEN, -1),
                (5, COLOR_RED, -1), (6, COLOR_BLACK, COLOR_CYAN),
            ]
            for (pair, foreground, back) in colors {
                init_pair(pair, Int16(foreground), back < 0 ? background : Int16(back))
            }
            let yellow = tui_color_pair(1)
            let cyan = tui_color_pair(2)
            let magenta = tui_color_pair(3)
            let green = tui_color_pair(4)
            let red = tui_color_pair(5)
            let titleBar = tui_color_pair(6)
            set(.title, titleBar | bold)
            set(.banner, yellow | bold)
            set(.header, bold | underline)
            set(.muted, dim)
            set(.keyName, cyan | bold)
            set(.defaultMark, yellow | bold)
            set(.marked, magenta | bold)
            set(.valid, green)
            set(.rejected, red | bold)
            set(.unreachable, yellow)
            set(.checking, cyan)
            set(.error, red | bold)
            set(.success, green | bold)
            set(.border, cyan)
            set(.dialogTitle, cyan | bold)
            set(.field, underline)
            set(.textCursor, reverse)
            set(.expiresSoon, yellow)
            set(.expired, yellow | bold)
        } else {
            set(.title, reverse | bold)
            set(.banner, bold)
            set(.header, bold | underline)
            set(.muted, dim)
            set(.keyName, bold)
            set(.defaultMark, bold)
            set(.marked, bold)
            set(.rejected, bold)
            set(.unreachable, underline)
            set(.error, bold)
            set(.success, bold)
            set(.dialogTitle, bold)
            set(.field, underline)
            set(.textCursor, reverse)
            set(.expiresSoon, underline)
            set(.expired, bold | underline)
        }
        return Theme(attributes: table, reverse: reverse)
    }
}
