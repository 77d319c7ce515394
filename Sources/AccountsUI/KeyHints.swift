/// The bottom line: the keys that matter in the current mode. When they do not all fit, the
/// most important ones stay, in their usual order.
enum KeyHints {
    struct Hint {
        let key: String
        let action: String
        /// 0 always shown; higher numbers go first when space runs out.
        let priority: Int
    }

    static func hints(for model: Model) -> [Hint] {
        let glyphs = model.glyphs
        switch model.overlay {
        case .help:
            return [
                Hint(key: "\(glyphs.up)\(glyphs.down)", action: "scroll", priority: 1),
                Hint(key: "Esc", action: "close", priority: 0),
            ]
        case .login(let form):
            if form.isSubmitting { return [Hint(key: "Ctrl-C", action: "quit", priority: 2)] }
            return [
                Hint(key: "Tab", action: "next field", priority: 1),
                Hint(key: "Enter", action: "log in", priority: 0),
                Hint(key: "Ctrl-R", action: form.showsLengthOnly ? "dots" : "length", priority: 2),
                Hint(key: "Esc", action: "cancel", priority: 0),
            ]
        case .confirmLogout:
            return [
                Hint(key: "y", action: "log out", priority: 0), Hint(key: "n", action: "cancel", priority: 0),
            ]
        case .confirmAzureLogout:
            return [
                Hint(key: "y", action: "sign out", priority: 0),
                Hint(key: "n", action: "cancel", priority: 0),
            ]
        case nil:
            if model.filter.isEditing {
                return [
                    Hint(key: "Enter", action: "keep", priority: 0),
                    Hint(key: "Esc", action: "clear", priority: 0),
                    Hint(key: "\(glyphs.up)\(glyphs.down)", action: "move", priority: 1),
                ]
            }
            // m where it would do something; L and O on the Azure CLI line itself, and here
            // on screens wide enough for every other key.
            let keyring = model.list?.stores.contains { $0.kind == .keyring } ?? false
            let movable =
                keyring && (model.currentRow.map { $0.hasToken && $0.stores != [.keyring] } ?? false)
            let signedIn = model.azure?.isSignedIn ?? false
            return [
                Hint(key: "\(glyphs.up)\(glyphs.down)", action: "move", priority: 3),
                Hint(key: "Enter", action: "default", priority: 1),
                Hint(key: "a", action: "add", priority: 0),
                Hint(key: "Space", action: "mark", priority: 2),
                Hint(key: "d", action: "logout", priority: 1),
                Hint(key: "v", action: "verify", priority: 2),
                Hint(key: "m", action: "to keyring", priority: movable ? 3 : 4),
                Hint(key: "/", action: "filter", priority: 2),
                Hint(key: "r", action: "reload", priority: 3),
                signedIn
                    ? Hint(key: "O", action: "az logout", priority: 4)
                    : Hint(key: "L", action: "az login", priority: 4),
                Hint(key: "?", action: "help", priority: 0),
                Hint(key: "q", action: "quit", priority: 0),
            ]
        }
    }

    static func draw(_ frame: inout Frame, _ model: Model, y: Int) {
        var x = 1
        if model.overlay == nil, model.filter.isEditing {
            x = drawFilterInput(&frame, model, y: y)
        }
        let all = hints(for: model)
        // Two spaces between hints, none after the last.
        let room = frame.width - x + 2
        var chosen = Set<Int>()
        var used = 0
        for priority in 0...4 {
            for (index, hint) in all.enumerated() where hint.priority == priority {
                let width = TextWidth.columns(of: hint.key) + 1 + TextWidth.columns(of: hint.action) + 2
                if used + width <= room {
                    chosen.insert(index)
                    used += width
                }
            }
        }
        for (index, hint) in all.enumerated() where chosen.contains(index) {
            x += frame.write(hint.key, x: x, y: y, style: Style(.keyName))
            x += 1
            x += frame.write(hint.action, x: x, y: y, style: Style(.muted))
            x += 2
        }
    }

    /// `/` and the filter text with its cursor; returns where the hints may start.
    private static func drawFilterInput(_ frame: inout Frame, _ model: Model, y: Int) -> Int {
        let field = model.filter.field
        let room = max(8, frame.width / 2)
        var x = 1
        x += frame.write("/", x: x, y: y, style: Style(.keyName))
        let window = FieldWindow(field.characters, cursor: field.cursor, width: room - 2)
        frame.write(window.text, x: x, y: y, style: Style(.plain))
        frame.write(window.cursorCharacter, x: x + window.cursorColumn, y: y, style: Style(.textCursor))
        return x + room
    }
}

/// The part of a text field that fits its width, scrolled so that the cursor shows.
struct FieldWindow {
    let text: String
    let cursorColumn: Int
    let cursorCharacter: String

    init(_ characters: [Character], cursor: Int, width: Int) {
        let width = max(1, width)
        var start = 0
        func columns(_ range: Range<Int>) -> Int {
            characters[range].reduce(0) { $0 + TextWidth.columns(of: $1) }
        }
        while start < cursor, columns(start..<cursor) > width - 1 { start += 1 }
        var end = start
        var used = 0
        while end < characters.count, used + TextWidth.columns(of: characters[end]) <= width {
            used += TextWidth.columns(of: characters[end])
            end += 1
        }
        text = String(characters[start..<end])
        cursorColumn = columns(start..<cursor)
        cursorCharacter = cursor < characters.count ? String(characters[cursor]) : " "
    }
}
