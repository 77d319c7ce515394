import ArgumentParser
import CredentialCore

struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print the token a command for an organization would use, for scripts.",
        discussion: """
            Follows az devops' order: AZURE_DEVOPS_EXT_PAT (or AZURE_DEVOPS_CLI_PAT), then the
            organization's own token, then the default credential. Without --organization, the
            default organization is used. Refuses to write to a terminal, so the token never
            appears on screen; pipe it or capture it.

            Examples:
              AZURE_DEVOPS_EXT_PAT=$(ado-accounts token --organization contoso) az repos list
              ado-accounts token | docker login -u any --password-stdin contoso.pkgs.visualstudio.com
            """)

    @OptionGroup var storeOption: StoreOption

    @OptionGroup var target: OrganizationOption

    func run() throws {
        try TokenPrinter(organization: target.organization, store: storeOption.store).run()
    }
}

/// What `token` does once its arguments are known; `DirectDispatch` runs it without parsing.
struct TokenPrinter {
    let organization: String?
    let store: StorePreference?

    func run() throws {
        // Before the stores are opened: a keyring probe would only delay the refusal.
        if Output.standardOutputIsTerminal {
            throw CredentialError(
                .invalidInput,
                "Standard output is a terminal; refusing to show a token on screen. Pipe or capture it.")
        }
        let organization = try OrganizationOption(organization: organization).parsed()
        let manager = try AccountManager(preference: store)
        Output.warnings(manager.warnings())
        print(try manager.requireToken(for: organization).token.revealed)
    }
}
