import ArgumentParser
import CredentialCore

struct AzureLogin: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "az-login",
        abstract: "Sign in to the Azure CLI (runs az login), then show what it changes.",
        discussion: """
            Runs `az login` in this terminal: its prompts, browser link or device code appear as az \
            shows them. Options after -- go to az login. Afterwards az devops tries this sign-in \
            before any stored PAT; `ado-accounts status` shows the effect per organization.

            Examples:
              ado-accounts az-login
              ado-accounts az-login -- --use-device-code
              ado-accounts az-login -- --tenant contoso.onmicrosoft.com
            """)

    @Argument(parsing: .postTerminator, help: "Options for az login, after --.")
    var azArguments: [String] = []

    func run(context: CommandContext) throws(CredentialError) -> ExitStatus {
        let azure = AzureCLI(environment: context.environment)
        let status = try azure.runInForeground(["login"] + azArguments)
        guard status == 0 else {
            throw CredentialError(.unreachable, "az login exited with status \(status).")
        }
        let state = azure.state()
        let outcome = AzureCLIOutcome(login: status, after: state)
        guard let summary = outcome.summary(state) else {
            throw CredentialError(
                .unreachable, "az login finished, but no signed-in account is in \(state.profilePath).")
        }
        context.note(summary)
        context.note("az devops now tries this sign-in before stored PATs; see 'ado-accounts status'.")
        return .success
    }
}

struct AzureLogout: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "az-logout",
        abstract: "Sign out of the Azure CLI (runs az logout), so stored PATs apply again.",
        discussion: """
            Examples:
              ado-accounts az-logout
              ado-accounts az-logout -- --username jane@contoso.com
            """)

    @Argument(parsing: .postTerminator, help: "Options for az logout, after --.")
    var azArguments: [String] = []

    func run(context: CommandContext) throws(CredentialError) -> ExitStatus {
        let azure = AzureCLI(environment: context.environment)
        guard azure.state().isSignedIn else {
            throw CredentialError(.notFound, "The Azure CLI is not signed in.")
        }
        let status = try azure.runInForeground(["logout"] + azArguments)
        guard status == 0 else {
            throw CredentialError(.unreachable, "az logout exited with status \(status).")
        }
        let state = azure.state()
        if let summary = AzureCLIOutcome(logout: status, after: state).summary(state) {
            context.note(summary)
        }
        return .success
    }
}
