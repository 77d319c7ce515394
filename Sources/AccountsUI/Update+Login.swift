import CredentialCore

/// The add / log in form. The organization and the token are checked by the core's own parsers
/// before anything runs; the login itself (verification, then storage) is the core's.
extension Model {
    mutating func openLoginForm() {
        var form = LoginForm()
        // The row's organization: replacing its (expired) PAT is the usual reason to press a
        // there (Tab or Enter goes on to the token). The first character typed replaces it, so
        // that adding another organization takes the same keys as ever. A row without a token
        // starts on the token.
        if let row = currentRow, !row.isDefaultCredential, !row.isRaw, let url = row.organization {
            form.organization = TextField(url)
            form.organizationIsPrefilled = true
            if !row.hasToken { form.focus = .token }
        }
        overlay = .login(form)
    }

    /// Changes the form with its token bytes in one place: taken out of the overlay first, so
    /// that nothing else holds them and the change is made in place, not on a copy that would
    /// leave the earlier bytes behind unwiped.
    private mutating func changeForm(_ change: (inout LoginForm) -> Void) {
        guard var form = loginForm else { return }
        overlay = nil
        change(&form)
        overlay = .login(form)
    }

    mutating func performInForm(_ command: Command, effects: inout [Effect]) {
        if command == .cancelCheck {
            guard var form = loginForm, form.isSubmitting else { return }
            overlay = nil
            form.token.wipe()
            cancelledLogins += 1
            status = Status("Cancelling the check; nothing is stored unless it had already finished…")
            effects.append(.cancelLogin)
            return
        }
        if command == .cancelLogin {
            guard var form = loginForm else { return }
            overlay = nil
            form.token.wipe()
            status = Status("Nothing was stored.")
            return
        }
        changeForm { form in
            switch command {
            case .switchField:
                form.focus = form.focus == .organization ? .token : .organization
            case .submit:
                if form.focus == .organization, form.token.isEmpty {
                    form.focus = .token
                } else {
                    Self.submit(&form, effects: &effects)
                }
            case .toggleTokenLength:
                form.showsLengthOnly.toggle()
            case .toggleCheck:
                form.skipsCheck.toggle()
            default:
                break
            }
        }
    }

    /// Keys that edit the focused field; the token field only grows, shrinks and clears.
    mutating func editForm(_ command: Command) {
        changeForm { form in
            let organization = form.focus == .organization
            if organization { form.organizationIsPrefilled = false }
            switch command {
            case .clearField:
                form.error = nil
                if organization { form.organization.clear() } else { form.token.wipe() }
            case .deleteBackward:
                form.error = nil
                if organization { form.organization.deleteBackward() } else { form.token.removeLast() }
            case .deleteForward where organization: form.organization.deleteForward()
            case .caretLeft where organization: form.organization.moveLeft()
            case .caretRight where organization: form.organization.moveRight()
            case .caretStart where organization: form.organization.moveToStart()
            case .caretEnd where organization: form.organization.moveToEnd()
            default: break
            }
        }
    }

    mutating func typeIntoForm(_ character: Character) {
        changeForm { form in
            form.error = nil
            if form.focus == .organization {
                if form.organizationIsPrefilled { form.organization.clear() }
                form.organizationIsPrefilled = false
                form.organization.insert(character)
            } else {
                form.token.append(character)
            }
        }
    }

    private static func submit(_ form: inout LoginForm, effects: inout [Effect]) {
        let text = form.organization.text.trimmed
        var organization: OrganizationURL?
        if !text.isEmpty {
            do {
                organization = try OrganizationURL(text)
            } catch {
                form.error = error.screenText
                form.focus = .organization
                return
            }
        }
        let token: PersonalAccessToken
        do {
            token = try PersonalAccessToken(entered: form.token.bytes)
        } catch {
            form.error = error.screenText
            form.focus = .token
            return
        }
        form.error = nil
        form.submittingTo = organization.map { .organization(Names.shown($0)) } ?? .defaultCredential
        effects.append(.login(token: token, organization: organization, verify: !form.skipsCheck))
    }

    mutating func finishLogin(
        _ result: Result<AccountManager.LoginResult, CredentialError>, effects: inout [Effect]
    ) {
        if loginForm?.isSubmitting != true, cancelledLogins > 0 { cancelledLogins -= 1 }
        if var form = loginForm, form.isSubmitting {
            form.submittingTo = nil
            if case .failure(let error) = result {
                form.error = error.screenText
                overlay = .login(form)
                return
            }
            form.token.wipe()
            overlay = nil
        }
        switch result {
        case .failure(let error):
            status = Status(error.screenText, .error)
        case .success(let login):
            status = Self.describe(login)
            pendingSelection = login.organization?.key ?? .defaultCredential
            // The login was a check: show its answer, when the core says it stands.
            if let organization = login.organization, let outcome = login.check {
                checks[organization.key] = .finished(outcome)
                if let identity = login.identity {
                    identityWidth = max(identityWidth, TextWidth.columns(of: identityText(identity)))
                }
            }
            effects.append(beginLoad())
        }
    }

    static func describe(_ login: AccountManager.LoginResult) -> Status {
        var text: String
        if let organization = login.organization {
            let name = Names.shown(organization)
            if let identity = login.identity {
                text = "Logged in to \(name) as \(Names.identity(identity))."
            } else {
                text = "Stored a token for \(name) without checking it."
            }
            if login.becameDefaultOrganization { text += " It is now the default organization." }
        } else {
            text = "Stored the default credential: organizations without a PAT of their own use it."
        }
        if login.replacedExisting { text += " The previous token was replaced." }
        var warnings = login.warnings
        if let variable = login.environmentOverride {
            warnings.append("\(variable) is set and takes precedence while it is.")
        }
        return warnings.isEmpty
            ? Status(text, .success) : Status(([text] + warnings).joined(separator: " "), .warning)
    }
}
