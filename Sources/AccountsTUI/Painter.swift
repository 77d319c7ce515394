import AccountsUI
import CNcursesw
import CursesShim

/// Draws frames with ncurses, sending only the rows that changed since the last frame; ncurses
/// then sends only the cells that changed within them.
@MainActor
final class Painter {
    private let theme: Theme
    private var previous: Frame?

    init(theme: Theme) {
        self.theme = theme
    }

    /// The next frame is drawn whole (after a resize, a suspension, Ctrl-L).
    func invalidate() {
        previous = nil
    }

    func paint(_ frame: Frame) {
        let whole = previous.map { $0.width != frame.width || $0.height != frame.height } ?? true
        if whole { erase() }
        for y in 0..<frame.height {
            if !whole, let previous, previous.hasSameRow(y, as: frame) { continue }
            drawRow(frame, y)
        }
        previous = frame
        _ = attrset(tui_attr_normal())
        refresh()
    }

    /// Runs of ASCII cells with one style go out in one call; every other character is placed
    /// at its own column, so a terminal that measures one differently cannot shift the rest.
    private func drawRow(_ frame: Frame, _ y: Int) {
        var x = 0
        while x < frame.width {
            let cell = frame[x, y]
            if cell.isContinuation {
                x += 1
                continue
            }
            _ = attrset(theme.attributes(for: cell.style))
            if cell.character.isASCII {
                var run = String(cell.character)
                var end = x + 1
                while end < frame.width {
                    let next = frame[end, y]
                    guard next.character.isASCII, !next.isContinuation, next.style == cell.style else {
                        break
                    }
                    run.append(next.character)
                    end += 1
                }
                _ = mvaddstr(Int32(y), Int32(x), run)
                x = end
            } else {
                _ = mvaddstr(Int32(y), Int32(x), String(cell.character))
                x += 1
            }
        }
    }
}
