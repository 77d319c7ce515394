import CredentialCore

/// The line under the title: who the Azure CLI is signed in as (az devops tries that sign-in
/// before any PAT), with the key that changes it. What does not fit goes first: the note, then
/// the key, then the end of the account's name.
enum AzureCLILine {
    static func draw(_ frame: inout Frame, _ model: Model, y: Int) {
        guard let azure = model.azure else { return }
        let label = "Azure CLI: "
        let summary: String
        let role: Role
        var note: String?
        var hint: (key: String, action: String)?
        if azure.isSignedIn {
            summary = azure.summary
            role = .valid
            if azure.isInstalled {
                note = "az devops tries it before any PAT"
                hint = Keymap.footerName(of: .signOutOfAzureCLI, in: .list, model.glyphs).map {
                    ($0, "sign out")
                }
            } else {
                note = "az is not on PATH"
            }
        } else if azure.isInstalled {
            summary = "not signed in"
            role = .muted
            note = azure.problem.map { Printable.sanitized($0, limit: 200) }
            hint = Keymap.footerName(of: .signInToAzureCLI, in: .list, model.glyphs).map { ($0, "sign in") }
        } else {
            summary = "not installed"
            role = .muted
        }

        let room = frame.width - 2
        let hintWidth =
            hint.map { TextWidth.columns(of: $0.key) + 1 + TextWidth.columns(of: $0.action) + 2 } ?? 0
        let base = TextWidth.columns(of: label) + TextWidth.columns(of: summary)
        let separator = " \(model.glyphs.separator) "
        var noteShown = note
        if let shown = noteShown,
            base + TextWidth.columns(of: separator) + TextWidth.columns(of: shown) + hintWidth > room
        {
            noteShown = nil
        }
        let hintShown = base + hintWidth <= room ? hint : nil

        var x = 1
        x += frame.write(label, x: x, y: y, style: Style(.muted))
        // Alone on the line, the account may take the last column too.
        let summaryRoom =
            (hintShown == nil ? frame.width - 1 : room - hintWidth) - TextWidth.columns(of: label)
        x += frame.write(
            Text.fit(summary, summaryRoom, ellipsis: model.glyphs.ellipsis), x: x, y: y, style: Style(role))
        if let noteShown {
            frame.write(separator + noteShown, x: x, y: y, style: Style(.muted))
        }
        if let hintShown {
            var hx = frame.width - 1 - (hintWidth - 2)
            hx += frame.write(hintShown.key, x: hx, y: y, style: Style(.keyName)) + 1
            frame.write(hintShown.action, x: hx, y: y, style: Style(.muted))
        }
    }
}
