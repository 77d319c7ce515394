import CredentialCore

/// The question before a logout: exactly which credentials go, and what becomes of the default
/// organization and of the organizations that rely on the default credential, as the core says.
enum ConfirmationView {
    static func draw(_ frame: inout Frame, _ model: Model, _ confirmation: LogoutConfirmation) {
        let glyphs = model.glyphs
        let width = min(model.size.width - 4, 76)
        let inner = width - 4
        let names = confirmation.names
        let question =
            names.count == 1
            ? "Log out of \(names[0])?"
            : "Log out of these \(Names.count(names.count, "credential"))?"
        let tail = afterLines(model, confirmation, inner: inner)
        let room = Box.maximumHeight(for: model.size) - 2
        let fit = nameWindow(names: names.count, tail: tail.count, room: room)
        // Every name is listed, one a line: what does not fit scrolls (↑↓), never "and 2 more".
        let scroll = min(max(0, confirmation.scroll), max(0, names.count - fit.names))
        let shown = names[scroll..<min(names.count, scroll + fit.names)]
        var lines: [(String, Role)] = [(question, .dialogTitle)]
        if fit.spacing { lines.append(("", .plain)) }
        lines += shown.map { ("  " + $0, Role.plain) }
        if fit.spacing { lines.append(("", .plain)) }
        lines += tail
        if fit.keys { lines.append((KeyHints.line(for: model), .keyName)) }
        lines = Array(lines.prefix(room))
        let more =
            shown.count < names.count
            ? " (\(glyphs.up)\(glyphs.down) \(scroll + 1)-\(scroll + shown.count) of \(names.count))" : ""

        let box = Box(size: model.size, width: width, height: lines.count + 2)
        box.draw(&frame, title: "Log out" + more, glyphs: glyphs)
        for (offset, (text, role)) in lines.enumerated() {
            frame.write(
                Text.fit(text, inner, ellipsis: glyphs.ellipsis), x: box.innerX, y: box.innerTop + offset,
                style: Style(role))
        }
    }

    /// What happens after the logout besides the names, wrapped to the box.
    static func afterLines(_ model: Model, _ confirmation: LogoutConfirmation, inner: Int) -> [(String, Role)]
    {
        let consequences = confirmation.consequences
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
        return tail
    }

    /// How many names the box lists at once, whether blank lines set them apart, and whether it
    /// repeats the keys (the footer has them): names come before both.
    static func nameWindow(names: Int, tail: Int, room: Int) -> (names: Int, spacing: Bool, keys: Bool) {
        let fixed = 1 + tail
        let keys = room - fixed - 1 >= min(names, 2)
        let left = room - fixed - (keys ? 1 : 0)
        let spacing = left - names >= 2
        return (max(1, min(names, left - (spacing ? 2 : 0))), spacing, keys)
    }

    /// How far the names scroll for this screen (↑↓ in the confirmation).
    static func maximumScroll(_ model: Model, _ confirmation: LogoutConfirmation) -> Int {
        let width = min(model.size.width - 4, 76)
        let tail = afterLines(model, confirmation, inner: width - 4).count
        let fit = nameWindow(
            names: confirmation.names.count, tail: tail, room: Box.maximumHeight(for: model.size) - 2)
        return max(0, confirmation.names.count - fit.names)
    }
}
