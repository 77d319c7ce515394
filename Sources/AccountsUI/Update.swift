import CredentialCore

/// The next model for an event, and the effects to run for it. Pure: the same model and event
/// always give the same answer, which lets tests drive the whole interface without a terminal.
public func update(_ model: Model, _ event: Event) -> (Model, [Effect]) {
    var next = model
    var effects: [Effect] = []
    next.handle(event, effects: &effects)
    return (next, effects)
}

extension Model {
    package mutating func handle(_ event: Event, effects: inout [Effect]) {
        switch event {
        case .key(let key):
            handleKey(key, effects: &effects)
        case .click(let x, let y):
            handleClick(x: x, y: y)
        case .scroll(let lines):
            if overlay == nil { moveCursor(by: lines) }
        case .resize(let size):
            self.size = size
        case .tick:
            spinnerFrame &+= 1
        case .loaded(let generation, let result, let azure):
            finishLoad(generation: generation, result, azure: azure, effects: &effects)
        case .loginFinished(let result):
            finishLogin(result, effects: &effects)
        case .logoutFinished(let result):
            finishLogout(result, effects: &effects)
        case .defaultChanged(let result):
            finishDefaultChange(result, effects: &effects)
        case .checked(let check):
            finishCheck(check)
        case .doctorFinished(let result):
            finishDoctor(result, effects: &effects)
        case .moveFinished(let key, let result):
            finishMove(key, result, effects: &effects)
        case .azureCLIFinished(let action, let result):
            finishAzureCLI(action, result, effects: &effects)
        }
        // Whatever changed (the size, the rows, a banner's height, the filter), the cursor's row
        // stays on screen: kept here once rather than after each change that could move it.
        keepCursorVisible()
    }

    mutating func handleKey(_ key: Key, effects: inout [Effect]) {
        // Ctrl-C arrives as a key only when the terminal does not turn it into SIGINT.
        if key == .control("c") {
            effects.append(.quit)
            return
        }
        if key == .control("l") {
            effects.append(.redraw)
            return
        }
        switch overlay {
        case .help: handleHelpKey(key)
        case .login: handleFormKey(key, effects: &effects)
        case .confirmLogout(let confirmation): handleConfirmationKey(key, confirmation, effects: &effects)
        case .confirmAzureLogout: handleAzureLogoutKey(key, effects: &effects)
        case nil:
            if filter.isEditing {
                handleFilterKey(key)
            } else {
                handleListKey(key, effects: &effects)
            }
        }
    }

    mutating func handleHelpKey(_ key: Key) {
        guard case .help(let scroll) = overlay else { return }
        let limit = HelpScreen.maximumScroll(size: size, glyphs: glyphs)
        let page = max(1, HelpScreen.visibleLines(size: size) - 1)
        switch key {
        case .up, "k": overlay = .help(scroll: max(0, scroll - 1))
        case .down, "j": overlay = .help(scroll: min(limit, scroll + 1))
        case .pageUp: overlay = .help(scroll: max(0, scroll - page))
        case .pageDown, " ": overlay = .help(scroll: min(limit, scroll + page))
        default: overlay = nil
        }
    }
}

/// How the screen names things in messages and in the table.
enum Names {
    /// `https://` is implied; other schemes (http) stay visible because they matter.
    static func short(_ url: String) -> String {
        Printable.sanitized(url.hasPrefix("https://") ? String(url.dropFirst("https://".count)) : url)
    }

    static func spoken(_ key: CredentialKey) -> String {
        key.organizationURL.map(short) ?? "the default credential"
    }

    /// A raw key (not an organization URL) is shown whole, as `logout --organization` takes it.
    static func table(_ row: AccountList.Row) -> String {
        if row.isRaw { return Printable.sanitized(row.key.rawValue) }
        return row.organization.map(short) ?? "any organization"
    }

    /// An organization where a token is about to go: with its real host when it could mislead.
    static func shown(_ organization: OrganizationURL) -> String {
        let name = short(organization.canonicalURL)
        return organization.hostWarning.map { "\(name) (\(Printable.sanitized($0)))" } ?? name
    }

    /// For a narrow column: Azure DevOps Services organizations by their bare name, the form
    /// the command line accepts for https://dev.azure.com/NAME.
    static func compact(_ row: AccountList.Row) -> String {
        row.organization.flatMap(OrganizationURL.bareName(of:)).map { Printable.sanitized($0) } ?? table(row)
    }

    /// The stores holding the row's token, as the STORE column shows them: "keyring", "file",
    /// "keyring+file" when both hold one (az reads the keyring's), "-" for none.
    static func stores(_ row: AccountList.Row) -> String {
        row.stores.isEmpty ? "-" : row.stores.map(\.rawValue).joined(separator: "+")
    }

    static func identity(_ identity: Identity) -> String {
        Printable.sanitized(identity.name, limit: 80)
    }

    static func list(_ names: [String], limit: Int = 3) -> String {
        if names.count <= limit { return names.joined(separator: ", ") }
        return names.prefix(limit).joined(separator: ", ") + " and \(names.count - limit) more"
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}

extension String {
    /// Without surrounding whitespace (a pasted organization often carries some).
    var trimmed: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
