/// The bottom line: the keys that matter where the person is, from the keymap. When they do not
/// all fit, the most important ones stay, in their usual order.
enum KeyHints {
    struct Hint {
        let key: String
        let action: String
        /// 0 always shown; higher numbers go first when space runs out.
        let priority: Int
    }

    static func hints(for model: Model) -> [Hint] {
        (Keymap.footers[model.keyContext] ?? []).compactMap { binding in
            guard let footer = binding.footer,
                let (action, priority) = adjusted(footer, binding.commands[0], model)
            else { return nil }
            return Hint(key: binding.footerName(model.glyphs), action: action, priority: priority)
        }
    }

    /// Every key of the context on one line, for a question that names its answers.
    static func line(for model: Model) -> String {
        hints(for: model).map { "\($0.key) \($0.action)" }.joined(separator: "    ")
    }

    /// The footer's words and priority as the state has them, or nil where the key does not
    /// apply: m goes first where it would do nothing; L or O, whichever applies.
    private static func adjusted(_ footer: Footer, _ command: Command, _ model: Model) -> (String, Int)? {
        // With no row, keys that act on a row would do nothing: the empty list offers the rest.
        if model.keyContext == .list, model.visible.isEmpty, Self.actsOnARow.contains(command) { return nil }
        if model.keyContext == .list, model.list != nil, model.rows.isEmpty, command == .startFilter {
            return nil
        }
        switch command {
        case .toggleTokenLength:
            return (model.loginForm?.showsLengthOnly == true ? "dots" : footer.label, footer.priority)
        case .showNotices:
            if model.bannerLines.isEmpty { return nil }
        case .toggleCheck:
            return (model.loginForm?.skipsCheck == true ? "check" : footer.label, footer.priority)
        case .confirm:
            if case .confirmAzureLogout = model.overlay { return ("sign out", footer.priority) }
            if case .confirmPATRevoke = model.overlay { return ("revoke", footer.priority) }
        case .createPAT, .changePAT, .revokePAT:
            // Shown only where it can act; pressed elsewhere, it says why not.
            if model.patBlocker(for: command) != nil { return nil }
        case .moveToKeyring:
            let movable = model.currentRow.map { model.list?.keyringMove(for: $0) == .movable } ?? false
            return (footer.label, movable ? footer.priority : footer.priority + 1)
        case .signInToAzureCLI:
            if model.azure?.isSignedIn ?? false { return nil }
        case .signOutOfAzureCLI:
            if !(model.azure?.isSignedIn ?? false) { return nil }
        default:
            break
        }
        return (footer.label, footer.priority)
    }

    static let actsOnARow: Set<Command> = [
        .cursorUp, .cursorDown, .makeDefault, .pickProject, .toggleMark, .logOut, .verify, .moveToKeyring,
    ]

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
