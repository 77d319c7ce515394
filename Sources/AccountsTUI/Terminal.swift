import AccountsUI
import CNcursesw
import CredentialCore
import CursesShim

#if canImport(Glibc)
    import Glibc
#endif

/// The terminal, through ncurses: set up, read, resize, suspend and, on every way out, restored.
/// All of it runs on the main actor; ncurses is not thread-safe.
@MainActor
final class Terminal {
    let usesColor: Bool
    let hasAlternateScreen: Bool
    let mouseEnabled: Bool
    private let wake: Mailbox
    private var isOpen = true

    /// Whether the locale chosen by the environment is UTF-8. Sets the character type, which
    /// ncurses needs before it starts, or ★ and • arrive as ~X~E; the other categories are not
    /// used here and would cost a dozen file reads at start-up.
    static func setLocale() -> Bool {
        setlocale(LC_CTYPE, "")
        return tui_locale_is_utf8() != 0
    }

    /// Takes over the terminal. Fails with a clear message, and the terminal untouched, when
    /// TERM names a terminal ncurses does not know or one that cannot address the cursor. The
    /// terminal closes the mailbox (and its wake pipe) when it closes.
    static func open(environment: Environment, wake: Mailbox) throws(CredentialError) -> Terminal {
        tui_crash_guard_save_modes(1)
        // Before newterm: ncurses then leaves SIGINT, SIGTERM, SIGTSTP and SIGWINCH to us.
        tui_signals_install(wake.writeDescriptor)
        _ = set_escdelay(25)

        let term = environment["TERM"].flatMap { $0.isEmpty ? nil : $0 }
        guard tui_newterm() != nil else {
            tui_signals_uninstall()
            let name = term.map { "TERM=\(Printable.sanitized($0, limit: 60))" } ?? "TERM is not set, and"
            throw CredentialError(
                .invalidInput,
                "\(name) is not a terminal type this system knows; set TERM (for example xterm-256color), or use 'ado-accounts list'."
            )
        }
        guard tui_has_cursor_addressing() != 0 else {
            endwin()
            tui_signals_uninstall()
            throw CredentialError(
                .invalidInput,
                "TERM=\(Printable.sanitized(term ?? "", limit: 60)) cannot move the cursor, which a full-screen program needs; use 'ado-accounts list'."
            )
        }
        let window = tui_stdscr()
        _ = cbreak()
        _ = noecho()
        _ = nonl()
        _ = intrflush(window, false)
        _ = keypad(window, true)
        _ = nodelay(window, true)
        _ = curs_set(0)
        tui_disable_flow_control(1)

        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let usesColor = has_colors() && !noColor && start_color() == OK
        let mouseEnabled = tui_enable_mouse() != 0
        tui_crash_guard_arm(mouseEnabled ? 1 : 0)
        return Terminal(
            usesColor: usesColor, hasAlternateScreen: tui_has_alternate_screen() != 0,
            mouseEnabled: mouseEnabled,
            wake: wake)
    }

    private init(usesColor: Bool, hasAlternateScreen: Bool, mouseEnabled: Bool, wake: Mailbox) {
        self.usesColor = usesColor
        self.hasAlternateScreen = hasAlternateScreen
        self.mouseEnabled = mouseEnabled
        self.wake = wake
    }

    /// Gives the terminal back as it was. Without an alternate screen every line is blanked
    /// afterwards, so that nothing the program showed stays behind, not even in the scrollback.
    func close() {
        guard isOpen else { return }
        isOpen = false
        let lines = size.height
        endwin()
        if !hasAlternateScreen { tui_blank_lines(Int32(lines)) }
        tui_crash_guard_disarm()
        tui_signals_uninstall()
        wake.close()
    }

    var size: Size {
        var height: Int32 = 0
        var width: Int32 = 0
        tui_getmaxyx(tui_stdscr(), &height, &width)
        return Size(width: Int(width), height: Int(height))
    }

    /// Asks the kernel for the size after SIGWINCH and tells ncurses about it.
    func syncSize() -> Size {
        var rows: Int32 = 0
        var columns: Int32 = 0
        if tui_terminal_size(1, &rows, &columns) != 0,
            rows != Int32(size.height) || columns != Int32(size.width)
        {
            _ = resizeterm(rows, columns)
        }
        return size
    }

    struct Wake {
        var input = false
        /// The terminal went away (hang-up, or an error on standard input).
        var hangUp = false
    }

    /// Sleeps until input, a signal, an effect's answer or the timeout (-1: none).
    func wait(timeoutMilliseconds: Int32) -> Wake {
        var descriptors = [
            pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake.readDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&descriptors, 2, timeoutMilliseconds)
        var wake = Wake()
        guard ready > 0 else { return wake }
        if descriptors[1].revents != 0 {
            var buffer = [UInt8](repeating: 0, count: 256)
            while read(self.wake.readDescriptor, &buffer, buffer.count) > 0 {}
        }
        let events = Int32(descriptors[0].revents)
        wake.input = events & Int32(POLLIN) != 0
        wake.hangUp = events & Int32(POLLHUP | POLLERR | POLLNVAL) != 0
        return wake
    }

    /// Everything ncurses has for us now. `endOfInput` when standard input is readable but holds
    /// nothing: the terminal is gone, and reading again would spin.
    func readInput() -> (input: [RawInput], endOfInput: Bool) {
        var input: [RawInput] = []
        while true {
            var value: UInt32 = 0
            let result = tui_get_wch(&value)
            if result == ERR { break }
            if result == KEY_CODE_YES {
                if Int32(value) == KEY_MOUSE {
                    var x: Int32 = 0
                    var y: Int32 = 0
                    let kind = tui_read_mouse(&x, &y)
                    input.append(.mouse(x: Int(x), y: Int(y), kind: Int(kind)))
                } else if let item = CursesKeys.input(forCode: Int32(value)) {
                    input.append(item)
                }
            } else {
                input.append(.character(value))
            }
        }
        let endOfInput = input.isEmpty && tui_pending_input_bytes(0) == 0
        return (input, endOfInput)
    }

    /// Ctrl-Z: leave curses mode, stop, and come back when continued (`fg`).
    func suspend() {
        endwin()
        tui_stop_self()
        redrawAll()
    }

    /// Hands the terminal to a program that runs in the foreground (az login): the terminal's
    /// own modes (echo, line editing), the normal screen, the cursor and keypad and mouse
    /// reporting off, as the shell had them. Without an alternate screen, the lines this
    /// program drew are blanked so that the program starts on a clean screen. Nothing reads
    /// the keyboard until `takeBackFromChild`: the program gets every key.
    func handOverToChild() {
        let lines = size.height
        endwin()
        if !hasAlternateScreen { tui_blank_lines(Int32(lines)) }
        tui_signals_stop_with_child(1)
    }

    /// After the program has ended: the next refresh puts curses mode back (ncurses does that
    /// on the first refresh after endwin) and repaints every cell.
    func takeBackFromChild() -> Size {
        tui_signals_stop_with_child(0)
        redrawAll()
        return syncSize()
    }

    /// Makes the next refresh repaint every cell, whatever ncurses believes is on the screen.
    func redrawAll() {
        _ = clearok(tui_curscr(), true)
    }
}
