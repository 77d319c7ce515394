import ArgumentParser
import CredentialCore

struct Token: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print the token a command for an organization would use, for scripts.",
        discussion: """
            Follows az devops' order: AZURE_DEVOPS_EXT_PAT (or AZURE_DEVOPS_CLI_PAT), then the \
            organization's own token, then the default credential. Without --organization, the \
            organization is the one az devops picks: that of the Azure DevOps git remote of the \
            current directory (unless --detect false), else the default organization. Refuses to \
            write to a terminal, so the token never appears on screen; pipe it or capture it.

            Examples:
              ado-accounts token --organization contoso
              ado-accounts token | pass insert -e ado/contoso
              ado-accounts exec -- az repos list

            The last one runs az with the token in its environment, never in a shell variable.
            """)

    @OptionGroup var storeOption: StoreOption

    @OptionGroup var target: OrganizationOption

    @OptionGroup var detection: DetectOption

    func run(context: CommandContext) throws(CredentialError) -> ExitStatus {
        try TokenPrinter(organization: target.organization, detect: detection.isOn, store: storeOption.store)
            .run(context: context)
    }
}

/// What `token` does once its arguments are known; `DirectDispatch` runs it without parsing.
struct TokenPrinter {
    let organization: String?
    var detect = true
    let store: StorePreference?

    func run(context: CommandContext) throws(CredentialError) -> ExitStatus {
        // Before the stores are opened: a keyring probe would only delay the refusal.
        if context.outputIsTerminal {
            throw CredentialError(
                .invalidInput,
                "Standard output is a terminal; refusing to show a token on screen. Pipe or capture it.")
        }
        let manager = try context.manager(store)
        context.warnings(manager.warnings())
        let resolution = try manager.resolveOrganization(organization, detect: detect)
        context.noteRemote(resolution)
        let resolved = try TokenLookup(manager: manager, typed: organization, context: context).require(
            resolution)
        context.print(resolved.token.revealed)
        return .success
    }
}

/// The token for a resolved organization, and, when a name typed on the command line expanded
/// to an organization with no token of its own, the stored organizations it may have meant.
struct TokenLookup {
    let manager: AccountManager
    let typed: String?
    let context: CommandContext

    func require(_ resolution: OrganizationResolution) throws(CredentialError) -> ResolvedToken {
        let resolved = try manager.resolveToken(for: resolution.organization)
        guard let typed, let organization = resolution.organization else {
            if let resolved { return resolved }
            return try manager.requireToken(for: resolution.organization)
        }
        switch resolved?.source {
        case .environment?, .organization?:
            return resolved!
        case .defaultCredential?:
            let suggestions = try manager.suggestions(for: typed, expandedTo: organization)
            if !suggestions.isEmpty {
                context.warning(
                    "\(organization.canonicalURL) has no token of its own, so the default credential is used; a token is stored for \(OrganizationMatch.names(suggestions))."
                )
            }
            return resolved!
        case nil:
            let suggestions = try manager.suggestions(for: typed, expandedTo: organization)
            guard !suggestions.isEmpty else { return try manager.requireToken(for: organization) }
            let use = suggestions.count == 1 ? "; give --organization \(suggestions[0].canonicalURL)" : ""
            throw CredentialError(
                .notFound,
                "No token for \(organization.canonicalURL) and no default credential; a token is stored for \(OrganizationMatch.names(suggestions))\(use)."
            )
        }
    }
}
