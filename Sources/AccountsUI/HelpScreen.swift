/// The key table: shown on `?`, and the source of the README's table.
public enum HelpScreen {
    public struct Section: Sendable {
        public let title: String
        public let entries: [(keys: String, action: String)]
    }

    public static func sections(_ glyphs: Glyphs) -> [Section] {
        [
            Section(
                title: "In the list",
                entries: [
                    ("\(glyphs.up) \(glyphs.down)  k j", "move"),
                    ("PgUp PgDn", "move a page"),
                    ("Home End  g G", "first / last row"),
                    ("click", "select a row; clicking its box marks it"),
                    ("Enter", "make the organization the default"),
                    ("a", "add: log in with a PAT"),
                    ("Space", "mark or unmark the row, then move down"),
                    ("d  Delete", "log out the marked rows (or the current one)"),
                    ("v", "verify the current row's token"),
                    ("V", "verify every row shown, several at a time"),
                    ("m", "move the current row's token to the keyring"),
                    ("L", "sign in to the Azure CLI: az login in this terminal"),
                    ("O", "sign out of the Azure CLI (az logout), if confirmed"),
                    ("/", "filter as you type; Enter keeps it, Esc clears it"),
                    ("r", "reload from the stores"),
                    ("?", "this help"),
                    ("q  Esc  Ctrl-C", "quit (Esc clears a filter first)"),
                    ("Ctrl-Z", "suspend; fg comes back"),
                    ("Ctrl-L", "redraw the screen"),
                ]),
            Section(
                title: "In the login form",
                entries: [
                    ("Tab  Shift-Tab", "next / previous field"),
                    ("Enter", "next field, then log in"),
                    ("Ctrl-R", "show the token's length instead of dots"),
                    ("Ctrl-U", "clear the field"),
                    ("Esc", "cancel; nothing is stored"),
                ]),
            Section(
                title: "In a confirmation",
                entries: [("y", "log out, or sign out of the Azure CLI"), ("n  Esc", "cancel")]),
            Section(
                title: "While az login or az logout runs",
                entries: [
                    ("Ctrl-C", "stops az; the account manager comes back"),
                    ("Ctrl-Z", "suspends az and the manager together; fg resumes"),
                ]),
        ]
    }

    static let keyColumn = 16

    /// Every line of the help, with its role.
    static func lines(_ glyphs: Glyphs) -> [(String, String, Role)] {
        var lines: [(String, String, Role)] = []
        for (index, section) in sections(glyphs).enumerated() {
            if index > 0 { lines.append(("", "", .plain)) }
            lines.append((section.title, "", .dialogTitle))
            for entry in section.entries { lines.append((entry.keys, entry.action, .keyName)) }
        }
        return lines
    }

    static func visibleLines(size: Size) -> Int { max(1, Box.maximumHeight(for: size) - 2) }

    static func maximumScroll(size: Size, glyphs: Glyphs) -> Int {
        max(0, lines(glyphs).count - visibleLines(size: size))
    }

    static func draw(_ frame: inout Frame, _ model: Model, scroll: Int) {
        let glyphs = model.glyphs
        let all = lines(glyphs)
        let shown = min(all.count, visibleLines(size: model.size))
        let scroll = min(max(0, scroll), max(0, all.count - shown))
        let box = Box(size: model.size, width: min(model.size.width - 2, 72), height: shown + 2)
        let more =
            all.count > shown
            ? " (\(glyphs.up)\(glyphs.down) \(scroll + 1)-\(scroll + shown) of \(all.count))" : ""
        box.draw(&frame, title: "Keys" + more, glyphs: glyphs)
        for (offset, line) in all[scroll..<(scroll + shown)].enumerated() {
            let y = box.innerTop + offset
            if line.2 == .dialogTitle {
                frame.write(line.0, x: box.innerX, y: y, style: Style(.dialogTitle), limit: box.innerWidth)
                continue
            }
            frame.write(line.0, x: box.innerX, y: y, style: Style(.keyName), limit: keyColumn - 1)
            frame.write(
                Text.fit(line.1, box.innerWidth - keyColumn, ellipsis: glyphs.ellipsis),
                x: box.innerX + keyColumn, y: y,
                style: Style(.plain))
        }
    }
}
