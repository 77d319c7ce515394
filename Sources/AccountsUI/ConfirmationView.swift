import CredentialCore

/// The question before a logout: exactly which credentials go, and what becomes of the default
/// organization and of the organizations that rely on the default credential, as the core says.
enum ConfirmationView {
    static func draw(_ frame: inout Frame, _ model: Model, _ confirmation: LogoutConfirmation) {
        let glyphs = model.glyphs
        let width = min(model.size.width - 4, 76)
        let inner = width - 4
        let consequences = confirmation.consequences
        let names = confirmation.names

        let question =
            names.count == 1
            ? "Log out of \(names[0])?"
            : "Log out of these \(Names.count(names.count, "credential"))?"
        var after: [(String, Role)] = []
        switch consequences.defaultOrganization {
        case .notSet:
            after.append(("No default organization is set.", .muted))
        case .kept(let value):
            after.append(("The default organization stays \(Names.short(value)).", .muted))
        case .cleared(let value):
            after.append(("The default organization \(Names.short(value)) will be cleared.", .banner))
        case .overridden(let variable, let value):
            after.append(
                (
                    "The default organization comes from \(variable) (\(Names.short(value))); logging out leaves it.",
                    .muted
                ))
        }
        let orphans = consequences.organizationsLeftWithoutToken
        if !orphans.isEmpty {
            let list = Names.list(orphans.map(Names.spoken))
            after.append(
                (
                    "\(Names.count(orphans.count, "organization")) \(orphans.count == 1 ? "uses" : "use") the default credential and will have no token: \(list).",
                    .banner
                ))
        }
        if !consequences.nothingStored.isEmpty {
            after.append(
                (
                    "Nothing is stored for \(Names.list(consequences.nothingStored.map(Names.spoken))); left as is.",
                    .muted
                ))
        }

        var tail: [(String, Role)] = []
        for (text, role) in after {
            for line in Text.wrap(text, inner) { tail.append((line, role)) }
        }
        let keysLine = KeyHints.line(for: model)
        let room = Box.maximumHeight(for: model.size) - 2
        // The question, the names, a blank, what happens after, the keys: names give way first.
        let fixed = 1 + tail.count + 1
        let spacing = room - fixed - names.count >= 2 ? 1 : 0
        let nameRoom = max(1, room - fixed - 2 * spacing)
        var nameLines = names.map { "  " + $0 }
        if nameLines.count > nameRoom {
            let shown = max(0, nameRoom - 1)
            // With room for one line, "… and 2 more" would follow no name at all: the names
            // share that line instead, as many as fit (the question says how many there are).
            nameLines =
                shown == 0
                ? ["  " + names.joined(separator: ", ")]
                : Array(nameLines.prefix(shown)) + [
                    "  \(glyphs.ellipsis) and \(names.count - shown) more (\(names.count) in all)"
                ]
        }
        var lines: [(String, Role)] = [(question, .dialogTitle)]
        if spacing == 1 { lines.append(("", .plain)) }
        lines += nameLines.map { ($0, Role.plain) }
        if spacing == 1 { lines.append(("", .plain)) }
        lines += tail
        lines.append((keysLine, .keyName))
        lines = Array(lines.prefix(room))

        let box = Box(size: model.size, width: width, height: lines.count + 2)
        box.draw(&frame, title: "Log out", glyphs: glyphs)
        for (offset, (text, role)) in lines.enumerated() {
            frame.write(
                Text.fit(text, inner, ellipsis: glyphs.ellipsis), x: box.innerX, y: box.innerTop + offset,
                style: Style(role))
        }
    }
}
