import AccountsTUI
import ArgumentParser
import CredentialCore

struct TUI: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the full-screen account manager (what 'ado-accounts' alone does on a terminal).",
        discussion: """
            Lists the stored organizations and the default credential, marks the default organization, \
            and logs in, logs out, verifies, switches the default and moves tokens to the keyring from \
            the keyboard. It shows who the Azure CLI is signed in as (az devops tries that sign-in \
            before any PAT) and signs in or out with az login / az logout, run in this terminal. \
            Problems doctor finds appear in a banner. Press ? for the keys. Tokens are typed into a \
            masked field and never drawn.

            Without a terminal on standard input and output, 'ado-accounts' alone runs 'list'.
            """)

    @OptionGroup var storeOption: StoreOption

    @OptionGroup var cleartext: CleartextOption

    func run(context: CommandContext) async throws(CredentialError) -> ExitStatus {
        guard context.inputIsTerminal, context.outputIsTerminal else {
            throw CredentialError(
                .invalidInput,
                "The account manager needs a terminal; in scripts use 'ado-accounts list' and the other commands."
            )
        }
        var manager = try storeOption.manager(context)
        manager.allowsHTTP = cleartext.allowHTTP
        // Standard error is the screen now; the busy indicator says that a change is waiting.
        LockWaitNotice.deliver(to: nil)
        let status = try await AccountsScreen.run(manager: manager)
        return ExitStatus(rawValue: status) ?? .storage
    }
}
