import CredentialCore

/// The add / log in form. The token field is drawn from the token's length only: one mask
/// character per typed character, or, after Ctrl-R, the length in words. Never a typed character.
enum LoginFormView {
    static let labelWidth = 14

    enum Line: Equatable {
        case blank
        case organization
        case organizationHint
        case token
        case message(String, Role)
    }

    static func draw(_ frame: inout Frame, _ model: Model, _ form: LoginForm) {
        let glyphs = model.glyphs
        let width = min(model.size.width - 4, 72)
        let inner = width - 4
        var lines = self.lines(form, model: model, inner: inner)
        let room = Box.maximumHeight(for: model.size) - 2
        // Drop the least important lines first (the highest number), the last of them first.
        while lines.count > room, let drop = leastImportant(lines) {
            lines.remove(at: drop)
        }
        let box = Box(size: model.size, width: width, height: lines.count + 2)
        box.draw(&frame, title: "Log in", glyphs: glyphs)
        for (offset, (line, _)) in lines.prefix(box.innerHeight).enumerated() {
            let y = box.innerTop + offset
            switch line {
            case .blank:
                break
            case .organization:
                label("Organization", focused: form.focus == .organization, &frame, box, y)
                let field = form.organization
                let window = FieldWindow(field.characters, cursor: field.cursor, width: inner - labelWidth)
                fieldBackground(&frame, box, y)
                frame.write(window.text, x: box.innerX + labelWidth, y: y, style: Style(.field))
                if form.focus == .organization, !form.isSubmitting {
                    frame.write(
                        window.cursorCharacter, x: box.innerX + labelWidth + window.cursorColumn, y: y,
                        style: Style(.textCursor))
                }
            case .organizationHint:
                frame.write(
                    Text.fit("empty: the default credential", inner - labelWidth, ellipsis: glyphs.ellipsis),
                    x: box.innerX + labelWidth, y: y, style: Style(.muted))
            case .token:
                label("Token (PAT)", focused: form.focus == .token, &frame, box, y)
                fieldBackground(&frame, box, y)
                let shown = masked(form, width: inner - labelWidth, glyphs: glyphs)
                let used = frame.write(shown, x: box.innerX + labelWidth, y: y, style: Style(.field))
                if form.focus == .token, !form.isSubmitting, !form.showsLengthOnly {
                    frame.write(" ", x: box.innerX + labelWidth + used, y: y, style: Style(.textCursor))
                }
            case .message(let text, let role):
                frame.write(text, x: box.innerX, y: y, style: Style(role), limit: inner)
            }
        }
    }

    /// The lines of the form with how readily each is dropped on a short screen (0: never).
    static func lines(_ form: LoginForm, model: Model, inner: Int) -> [(Line, Int)] {
        let glyphs = model.glyphs
        var lines: [(Line, Int)] = [(.blank, 4), (.organization, 0)]
        // Before the token goes anywhere: where the organization typed really is, if it could mislead.
        if let warning = (try? OrganizationURL(form.organization.text.trimmed))?.hostWarning {
            let text = "Careful: " + Printable.sanitized(warning) + "."
            lines += Text.wrap(text, inner).prefix(3).map { (.message($0, .banner), 0) }
        } else {
            lines.append((.organizationHint, 3))
        }
        lines += [(.blank, 4), (.token, 0), (.blank, 2)]
        if let target = form.submittingTo {
            let spinner = glyphs.spinner[model.spinnerFrame % glyphs.spinner.count]
            let text =
                switch target {
                case .defaultCredential:
                    "\(spinner) Storing \(CredentialKey.defaultCredentialName)\(glyphs.ellipsis)"
                case .organization(let name): "\(spinner) Checking the token with \(name)\(glyphs.ellipsis)"
                }
            lines.append((.message(Text.fit(text, inner, ellipsis: glyphs.ellipsis), .checking), 0))
        } else if let error = form.error {
            let wrapped = Text.wrap(Printable.sanitized(error, limit: 400), inner)
            for (index, line) in wrapped.prefix(4).enumerated() {
                lines.append((.message(line, .error), index == 0 ? 0 : 1))
            }
        } else if form.skipsCheck {
            let hint = "Stored without checking: nothing is sent to the organization now (Ctrl-N checks)."
            for (index, line) in Text.wrap(hint, inner).enumerated() {
                lines.append((.message(line, .banner), index == 0 ? 0 : 3))
            }
        } else {
            let hint = "With an organization, the token is checked before it is stored."
            for (index, line) in Text.wrap(hint, inner).enumerated() {
                lines.append((.message(line, .muted), index == 0 ? 1 : 3))
            }
        }
        return lines
    }

    static func leastImportant(_ lines: [(Line, Int)]) -> Int? {
        var found: Int?
        for index in lines.indices where lines[index].1 > 0 {
            if let current = found, lines[current].1 > lines[index].1 { continue }
            found = index
        }
        return found
    }

    /// What the token field shows for the token's length: never any of its characters.
    static func masked(_ form: LoginForm, width: Int, glyphs: Glyphs) -> String {
        let count = form.tokenLength
        if form.showsLengthOnly {
            return Text.fit("(hidden: \(Names.count(count, "character")))", width, ellipsis: glyphs.ellipsis)
        }
        let room = max(0, width - 1)
        if count <= room { return String(repeating: glyphs.mask, count: count) }
        let prefix = "(\(count)) "
        return prefix + String(repeating: glyphs.mask, count: max(0, room - prefix.count))
    }

    private static func label(_ text: String, focused: Bool, _ frame: inout Frame, _ box: Box, _ y: Int) {
        frame.write(text, x: box.innerX, y: y, style: Style(focused ? .keyName : .plain))
    }

    private static func fieldBackground(_ frame: inout Frame, _ box: Box, _ y: Int) {
        frame.fill(x: box.innerX + labelWidth, y: y, count: box.innerWidth - labelWidth, style: Style(.field))
    }
}
