import CredentialCore

/// `L` and `O`: signing in to and out of the Azure CLI. az runs in the foreground with the
/// terminal to itself (the runtime leaves curses mode for it); its sign-in is then read from
/// its profile, like every listing.
extension Model {
    package static var azureCLINotInstalled: String {
        "The Azure CLI (az) is not installed. " + AzureCLI.installHint
    }

    mutating func signInToAzureCLI(effects: inout [Effect]) {
        // Not installed as far as the last listing knows: say how to install it, and keep the
        // screen. (When nothing has been read yet, the runtime looks on PATH before leaving it.)
        if let azure, !azure.isInstalled {
            status = Status(Self.azureCLINotInstalled, .warning)
            return
        }
        status = Status("az login is running\(glyphs.ellipsis)")
        effects.append(.azureCLI(.login))
    }

    mutating func askToSignOutOfAzureCLI() {
        guard let azure else { return }
        guard azure.isSignedIn else {
            status = Status("The Azure CLI is not signed in: there is nothing to sign out of.")
            return
        }
        guard azure.isInstalled else {
            status = Status(
                "az is not on PATH, so it cannot sign out of \(azure.summary). \(AzureCLI.installHint)",
                .warning)
            return
        }
        let others = azure.userNamesLeftByLogout.map { Printable.sanitized($0, limit: 80) }
        overlay = .confirmAzureLogout(AzureLogoutConfirmation(account: azure.summary, others: others))
    }

    mutating func signOutOfAzureCLI(effects: inout [Effect]) {
        overlay = nil
        status = Status("az logout is running\(glyphs.ellipsis)")
        effects.append(.azureCLI(.logout))
    }

    mutating func declineAzureLogout() {
        overlay = nil
        status = Status("Still signed in to the Azure CLI.")
    }

    mutating func finishAzureCLI(
        _ action: AzureCLIAction, _ result: Result<AzureCLIRun, CredentialError>, effects: inout [Effect]
    ) {
        switch result {
        case .failure(let error):
            status = Status(error.screenText, error.kind == .notFound ? .warning : .error)
        case .success(let run):
            azure = run.state
            status = Self.describe(action, run)
        }
        // az may have changed its profile even when it failed: read it again with the listing.
        effects.append(beginLoad())
    }

    static func describe(_ action: AzureCLIAction, _ run: AzureCLIRun) -> Status {
        let command = "az \(action.arguments[0])"
        let state = run.state
        let outcome =
            action == .login
            ? AzureCLIOutcome(login: run.status, after: state)
            : AzureCLIOutcome(logout: run.status, after: state)
        let summary = outcome.summary(state) ?? ""
        switch outcome {
        case .interrupted:
            return Status(
                "\(command) was interrupted; the Azure CLI is \(Names.azureState(state)).", .warning)
        case .noAccountAfterLogin:
            return Status("az login finished, but no account is signed in (\(state.profilePath)).", .warning)
        case .signedIn: return Status(summary + " az devops now tries it before any PAT.", .success)
        case .stillSignedIn: return Status(summary, .warning)
        case .signedOut: return Status(summary, .success)
        case .failed(let code):
            return Status(
                "\(command) exited with status \(code); the Azure CLI is \(Names.azureState(state)).", .error)
        }
    }
}

extension Names {
    /// "signed in as jane@contoso.com", "not signed in", "not installed".
    static func azureState(_ state: AzureCLIState) -> String {
        state.isSignedIn ? "signed in as \(state.summary)" : state.summary
    }
}
