import CredentialCore

/// `R`'s question: renew the organization's PAT (a later expiry, the same token) or rotate it (a
/// new token like it, then the old one revoked), naming the token as remembered.
enum PATChoiceView {
    static func draw(_ frame: inout Frame, _ model: Model, _ target: PATTarget) {
        PATDialog.draw(
            &frame, model, title: "Renew or rotate",
            question: "Renew or rotate the PAT of \(Names.shown(target.organization))?",
            body: [
                (Names.tokenSummary(target.token), .plain),
                ("Renew: valid for as long again from today; the token stays the same.", .muted),
                ("Rotate: a new token like it is stored and checked, then this one is revoked.", .muted),
            ])
    }
}

/// `X`'s question: revoke the organization's PAT, named with its expiry, and what that ends.
enum PATRevokeView {
    static func draw(_ frame: inout Frame, _ model: Model, _ target: PATTarget) {
        var body: [(String, Role)] = [
            (Names.tokenSummary(target.token), .plain),
            ("It stops working at once, wherever it is used, and is removed here.", .banner),
        ]
        if let list = model.list,
            case .cleared(let value) = list.consequencesOfLogout([target.organization.key])
                .defaultOrganization
        {
            body.append(("The default organization \(Names.short(value)) will be cleared.", .banner))
        }
        PATDialog.draw(
            &frame, model, title: "Revoke",
            question: "Revoke the PAT of \(Names.shown(target.organization))?", body: body)
    }
}

/// A box with a question, lines that explain it, and the keys that answer it: the question and
/// the keys always, the explanations as far as room allows.
enum PATDialog {
    static func draw(
        _ frame: inout Frame, _ model: Model, title: String, question: String, body: [(String, Role)]
    ) {
        let glyphs = model.glyphs
        let width = min(model.size.width - 4, 72)
        let inner = width - 4
        let room = Box.maximumHeight(for: model.size) - 2
        var lines: [(String, Role)] = Text.wrap(question, inner).map { ($0, .dialogTitle) }
        var tail: [(String, Role)] = []
        for (text, role) in body {
            for line in Text.wrap(text, inner) { tail.append((line, role)) }
        }
        if lines.count + 1 + tail.count + 1 <= room { lines.append(("", .plain)) }
        lines += tail.prefix(max(0, room - lines.count - 1))
        lines = Array(lines.prefix(max(0, room - 1)))
        lines.append((KeyHints.line(for: model), .keyName))

        let box = Box(size: model.size, width: width, height: lines.count + 2)
        box.draw(&frame, title: title, glyphs: glyphs)
        for (offset, (text, role)) in lines.enumerated() {
            frame.write(
                Text.fit(text, inner, ellipsis: glyphs.ellipsis), x: box.innerX, y: box.innerTop + offset,
                style: Style(role))
        }
    }
}
