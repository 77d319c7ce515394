import CredentialCore

/// The question before `az logout`: who is signed out, and what that changes.
enum AzureLogoutView {
    static func draw(_ frame: inout Frame, _ model: Model, _ confirmation: AzureLogoutConfirmation) {
        let glyphs = model.glyphs
        let width = min(model.size.width - 4, 64)
        let inner = width - 4
        var body: [(String, Role)] = [
            ("Stored PATs apply again: az devops stops trying this sign-in first.", .muted),
            ("az logout runs in this terminal.", .muted),
        ]
        if !confirmation.others.isEmpty {
            body.insert(
                ("Still signed in afterwards: \(Names.list(confirmation.others)).", .banner), at: 0)
        }
        var lines: [(String, Role)] = Text.wrap(
            "Sign out of the Azure CLI (\(confirmation.account))?", inner
        ).map { ($0, .dialogTitle) }
        let keys = (KeyHints.line(for: model), Role.keyName)
        let room = Box.maximumHeight(for: model.size) - 2
        var tail: [(String, Role)] = []
        for (text, role) in body {
            for line in Text.wrap(text, inner) { tail.append((line, role)) }
        }
        // The question and the keys always; a blank line and the explanations as room allows.
        if lines.count + 1 + tail.count + 1 <= room { lines.append(("", .plain)) }
        lines += tail.prefix(max(0, room - lines.count - 1))
        lines = Array(lines.prefix(max(0, room - 1)))
        lines.append(keys)

        let box = Box(size: model.size, width: width, height: lines.count + 2)
        box.draw(&frame, title: "Azure CLI", glyphs: glyphs)
        for (offset, (text, role)) in lines.enumerated() {
            frame.write(
                Text.fit(text, inner, ellipsis: glyphs.ellipsis), x: box.innerX, y: box.innerTop + offset,
                style: Style(role))
        }
    }
}
