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
        case .checkedDefaultCredential(let check):
            finishCheck(check, row: .defaultCredential)
        case .checksNotRemembered(let warning):
            status = Status(warning, .warning)
        case .doctorFinished(let result):
            finishDoctor(result, effects: &effects)
        case .moveFinished(let key, let result):
            finishMove(key, result, effects: &effects)
        case .azureCLIFinished(let action, let result):
            finishAzureCLI(action, result, effects: &effects)
        case .projectsLoaded(let generation, let result):
            finishProjects(generation: generation, result)
        case .patFinished(let organization, let result):
            finishPAT(organization, result, effects: &effects)
        }
        // Whatever changed (the size, the rows, a banner's height, the filter), the cursor's row
        // stays on screen: kept here once rather than after each change that could move it.
        keepCursorVisible()
    }

    /// Where a key is pressed now, for the keymap.
    var keyContext: KeyContext {
        switch overlay {
        case .help, .notices: .help
        case .login(let form): form.isSubmitting ? .loginFormSubmitting : .loginForm
        case .confirmLogout, .confirmAzureLogout: .confirmation
        case .projects: .projectPicker
        case .confirmLogout, .confirmAzureLogout, .confirmPATRevoke: .confirmation
        case .choosePATChange: .patChoice
        case nil: filter.isEditing ? .filter : .list
        }
    }

    /// A key means what the keymap binds it to where it is pressed.
    mutating func handleKey(_ key: Key, effects: inout [Effect]) {
        let context = keyContext
        if let command = Keymap.command(for: key, in: context) {
            perform(command, in: context, effects: &effects)
            return
        }
        switch Keymap.unboundKeys(in: context) {
        case .typed:
            guard case .character(let character) = key else { return }
            switch context {
            case .filter: typeIntoFilter(character)
            case .projectPicker: typeIntoPicker(character)
            default: typeIntoForm(character)
            }
        case .closeHelp:
            overlay = nil
        case .ignored:
            break
        }
    }

    /// What each command does, whichever key it is bound to.
    mutating func perform(_ command: Command, in context: KeyContext, effects: inout [Effect]) {
        if context == .projectPicker, command != .quit, command != .redraw {
            performInPicker(command, effects: &effects)
            return
        }
        let page = max(1, layout.listHeight - 1)
        switch command {
        case .quit: effects.append(.quit)
        case .redraw: effects.append(.redraw)
        case .suspend, .interruptAzureCLI: break  // signals, which the runtime handles
        case .cursorUp: moveCursor(by: -1)
        case .cursorDown: moveCursor(by: 1)
        case .pageUp: moveCursor(by: -page)
        case .pageDown: moveCursor(by: page)
        case .firstRow: moveCursor(to: 0)
        case .lastRow: moveCursor(to: visible.count - 1)
        case .makeDefault: makeCurrentDefault(effects: &effects)
        case .pickProject: openProjectPicker(effects: &effects)
        case .chooseProject, .closePicker: break  // the picker's own, above
        case .add: openLoginForm()
        case .toggleMark:
            toggleMark()
            moveCursor(by: 1)
        case .logOut: askToLogOut()
        case .verify: verifyCurrent(effects: &effects)
        case .verifyAll: verifyAllShown(effects: &effects)
        case .moveToKeyring: moveCurrentToKeyring(effects: &effects)
        case .signInToAzureCLI: signInToAzureCLI(effects: &effects)
        case .signOutOfAzureCLI: askToSignOutOfAzureCLI()
        case .createPAT, .changePAT, .revokePAT, .renewPAT, .rotatePAT:
            performPAT(command, effects: &effects)
        case .startFilter: filter.isEditing = true
        case .reload:
            announcesNextLoad = true
            effects.append(beginLoad())
        case .showHelp: overlay = .help(scroll: 0)
        case .showNotices:
            if bannerWordings.isEmpty {
                status = Status("There is no notice to read.")
            } else {
                overlay = .notices(scroll: 0)
            }
        case .clearFilterOrQuit:
            if filter.isActive {
                clearFilter()
            } else {
                effects.append(.quit)
            }
        case .keepFilter: filter.isEditing = false
        case .clearFilter: clearFilter()
        case .deleteBackward, .deleteForward, .clearField, .caretLeft, .caretRight, .caretStart, .caretEnd:
            if context == .filter { editFilter(command) } else { editForm(command) }
        case .switchField, .submit, .toggleTokenLength, .toggleCheck, .cancelLogin, .cancelCheck:
            performInForm(command, effects: &effects)
        case .confirm:
            switch overlay {
            case .confirmLogout(let confirmation): logOut(confirmation, effects: &effects)
            case .confirmAzureLogout: signOutOfAzureCLI(effects: &effects)
            case .confirmPATRevoke(let target): revokePAT(target, effects: &effects)
            default: break
            }
        case .decline:
            switch overlay {
            case .confirmLogout: declineLogout()
            case .confirmAzureLogout: declineAzureLogout()
            case .confirmPATRevoke, .choosePATChange: declinePAT()
            default: break
            }
        case .scrollUp, .scrollDown, .scrollPageUp, .scrollPageDown, .scrollToTop, .scrollToEnd:
            scrollHelp(command)
        case .closeHelp: overlay = nil
        }
    }

    mutating func scrollHelp(_ command: Command) {
        if case .confirmLogout(var confirmation) = overlay {
            let limit = ConfirmationView.maximumScroll(self, confirmation)
            let step = command == .scrollUp ? -1 : command == .scrollDown ? 1 : 0
            confirmation.scroll = min(limit, max(0, confirmation.scroll + step))
            overlay = .confirmLogout(confirmation)
            return
        }
        let isNotices: Bool
        let scroll: Int
        switch overlay {
        case .help(let offset): (isNotices, scroll) = (false, offset)
        case .notices(let offset): (isNotices, scroll) = (true, offset)
        default: return
        }
        let limit =
            isNotices ? NoticesView.maximumScroll(self) : HelpScreen.maximumScroll(size: size, glyphs: glyphs)
        let page = max(
            1, (isNotices ? NoticesView.visibleLines(size: size) : HelpScreen.visibleLines(size: size)) - 1)
        var next = scroll
        switch command {
        case .scrollUp: next = max(0, scroll - 1)
        case .scrollDown: next = min(limit, scroll + 1)
        case .scrollPageUp: next = max(0, scroll - page)
        case .scrollPageDown: next = min(limit, scroll + page)
        case .scrollToTop: next = 0
        case .scrollToEnd: next = limit
        default: break
        }
        overlay = isNotices ? .notices(scroll: next) : .help(scroll: next)
    }
}

/// How the screen names things in messages and in the table.
enum Names {
    /// `https://` is implied; other schemes (http) stay visible because they matter.
    static func short(_ url: String) -> String {
        Printable.sanitized(url.hasPrefix("https://") ? String(url.dropFirst("https://".count)) : url)
    }

    static func spoken(_ key: CredentialKey) -> String {
        key.organizationURL.map(short) ?? key.spokenName
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

    /// The stores holding the row's token, as the STORE column shows them (`Row.storeNames`).
    static func stores(_ row: AccountList.Row) -> String { row.storeNames }

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
