import CredentialCore

/// The screen for a model, as a `Frame`. Pure, and never given a secret: the login form holds the
/// typed token, but only its length reaches this code.
public func view(_ model: Model) -> Frame {
    var frame = Frame(width: model.size.width, height: model.size.height, asciiOnly: !model.glyphs.isUnicode)
    let layout = model.layout
    if layout.isTooSmall {
        let minimum = Layout.minimum
        frame.write(
            "ado-accounts needs \(minimum.width)x\(minimum.height); this is \(model.size.width)x\(model.size.height)",
            x: 0, y: 0, style: Style(.banner))
        return frame
    }
    ScreenParts.title(&frame, model)
    if let y = layout.azureLineY { AzureCLILine.draw(&frame, model, y: y) }
    ScreenParts.banners(&frame, model, layout)
    AccountTable.draw(&frame, model, layout)
    ScreenParts.footer(&frame, model, layout)
    switch model.overlay {
    case .help(let scroll): HelpScreen.draw(&frame, model, scroll: scroll)
    case .login(let form): LoginFormView.draw(&frame, model, form)
    case .confirmLogout(let confirmation): ConfirmationView.draw(&frame, model, confirmation)
    case .confirmAzureLogout(let confirmation): AzureLogoutView.draw(&frame, model, confirmation)
    case .projects(let picker): ProjectPickerView.draw(&frame, model, picker)
    case .notices(let scroll): NoticesView.draw(&frame, model, scroll: scroll)
    case .choosePATChange(let target): PATChoiceView.draw(&frame, model, target)
    case .confirmPATRevoke(let target): PATRevokeView.draw(&frame, model, target)
    case nil: break
    }
    return frame
}

enum ScreenParts {
    static func title(_ frame: inout Frame, _ model: Model) {
        let glyphs = model.glyphs
        frame.fill(x: 0, y: 0, count: frame.width, style: Style(.title))
        var right = ""
        if model.isBusy { right += glyphs.spinner[model.spinnerFrame % glyphs.spinner.count] + " " }
        if !model.visible.isEmpty { right += "\(model.cursor + 1)/\(model.visible.count) " }
        let rightWidth = TextWidth.columns(of: right)
        frame.write(right, x: frame.width - rightWidth, y: 0, style: Style(.title))

        // The count before the stores: when space runs out, the path is what gets cut.
        var left = " ado-accounts"
        if let list = model.list {
            let count = Names.count(model.organizationCount, "organization")
            left +=
                "  " + (model.filter.isActive ? "\(model.visible.count) of \(list.rows.count) shown" : count)
            let stores = list.stores.map {
                "\($0.kind.rawValue) \(abbreviated($0.location, home: model.homeDirectory))"
            }
            left += "  " + stores.joined(separator: " + ")
        } else if model.isLoading {
            left += "  reading the stores" + glyphs.ellipsis
        }
        let room = frame.width - rightWidth - 1
        frame.write(
            Text.fit(Printable.sanitized(left, limit: 500), room, ellipsis: glyphs.ellipsis), x: 0, y: 0,
            style: Style(.title))
    }

    /// `~/…` for paths in the home directory, as people write them.
    static func abbreviated(_ path: String, home: String?) -> String {
        guard let home, home.count > 1, path.hasPrefix(home + "/") else { return path }
        return "~" + path.dropFirst(home.count)
    }

    static func banners(_ frame: inout Frame, _ model: Model, _ layout: Layout) {
        for (index, line) in model.bannerLines.prefix(layout.bannerLines).enumerated() {
            frame.fill(x: 0, y: layout.bannerTop + index, count: frame.width, style: Style(.banner))
            frame.write(line, x: 0, y: layout.bannerTop + index, style: Style(.banner))
        }
    }

    /// Above the key line: the status of the last action, or else what the current row would
    /// authenticate with. Either may take both lines of a tall screen, so that neither is cut.
    static func footer(_ frame: inout Frame, _ model: Model, _ layout: Layout) {
        let glyphs = model.glyphs
        let width = frame.width
        let room = layout.hasStatusLine ? 2 : 1
        let text: String
        let role: Role
        if let status = model.status {
            text = Printable.sanitized(status.text, limit: 400)
            role =
                switch status.tone {
                case .info: .plain
                case .success: .success
                case .warning: .banner
                case .error: .error
                }
        } else {
            text = model.currentRow.map { Self.detail(of: $0, model) } ?? ""
            role = .muted
        }
        var lines = Text.wrap(text, width - 2)
        if lines.count > room {
            lines = Array(lines.prefix(room))
            lines[room - 1] = Text.fit(
                lines[room - 1] + " " + glyphs.ellipsis, width - 2, ellipsis: glyphs.ellipsis)
        }
        for (offset, line) in lines.enumerated() {
            frame.write(line, x: 1, y: layout.footerTop + offset, style: Style(role))
        }
        KeyHints.draw(&frame, model, y: frame.height - 1)
    }

    /// Which credential the row's organization would use (the core's credential chain, with
    /// the Azure CLI's sign-in), and what its last check said.
    static func detail(of row: AccountList.Row, _ model: Model) -> String {
        guard let list = model.list else { return "" }
        if row.isDefaultCredential {
            return
                "The default credential (\(Names.stores(row))): for organizations without a PAT of their own."
        }
        if row.isRaw {
            return
                "A key az stored that is not an organization URL: it cannot be checked or used; d logs it out."
        }
        let url = Printable.sanitized(row.organization ?? "")
        var text: String
        if let azure = model.azure, let organization = OrganizationURL(key: row.key) {
            text = CredentialWords.sentence(url, list.credentialChain(for: organization, azure: azure))
        } else {
            text = CredentialWords.sentence(url, list.tokenSource(for: row))
        }
        if let warning = row.hostWarning {
            text += " \(model.glyphs.separator) \(Printable.sanitized(warning))!"
        }
        // First, so that a narrow footer cuts the rest rather than the project.
        if let project = ProjectPickerView.defaultProject(of: row, list) {
            text = project + " \(model.glyphs.separator) " + text
        }
        if let here = CredentialWords.here(row, model.repository) {
            text += " \(model.glyphs.separator) " + here
        }
        if let check = model.checks[row.key] {
            if let identity = check.identity {
                text += " \(model.glyphs.separator) signed in as \(model.identityText(identity))"
            } else if let reason = check.reason {
                text += " \(model.glyphs.separator) \(check.label): \(Printable.sanitized(reason))"
            }
        }
        return text
    }
}
