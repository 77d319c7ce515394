import ArgumentParser
import CredentialCore

struct Logout: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Remove a stored token: an organization's, the default credential, or all of them.",
        discussion: """
            With --organization, removes that organization's token from every store and from \
            organization_list, and unsets the default organization if it was that one. A key that \
            is not a URL (list marks it "raw key") is removed by giving the whole key as shown. \
            With --revoke, the organization's PAT is first revoked at the service (as `pat revoke`).

            Without options, removes only the default credential, as the az devops documentation \
            describes; az devops logout itself removes every token then, which is what --all does \
            (after asking, on a terminal: --yes does not ask). --all also removes the index and \
            unsets the default organization.

            When the keyring exists but cannot be used (locked with nobody to unlock it, or not \
            answering) and may hold a token that would go, nothing is removed: exit status 5.

            Examples:
              ado-accounts logout --organization contoso
              ado-accounts logout
              ado-accounts logout --all --yes
            """)

    @OptionGroup var storeOption: StoreOption

    @OptionGroup var target: OrganizationOption

    @Flag(help: "Remove every stored token and the organization index.")
    var all = false

    @Flag(help: "Revoke the organization's PAT at the service first (needs an Azure CLI sign-in).")
    var revoke = false

    @OptionGroup var cleartext: CleartextOption

    @Flag(name: [.short, .long], help: "Do not ask before --all removes every token.")
    var yes = false

    func validate() throws {
        if all && target.organization != nil {
            throw ValidationError("--all and --organization cannot be used together.")
        }
        if revoke && (all || target.organization == nil) {
            throw ValidationError("--revoke takes one organization: give --organization.")
        }
    }

    func run(context: CommandContext) async throws(CredentialError) -> ExitStatus {
        var manager = try storeOption.manager(context)
        manager.allowsHTTP = cleartext.allowHTTP
        context.warnings(manager.warnings())
        if revoke {
            try await PATRevoke.revoke(manager, try target.parsed(), context: context)
        } else if all {
            if !yes, context.inputIsTerminal {
                let stored = try manager.accounts().rows.filter(\.hasToken).map(\.key)
                guard try confirm(removing: stored, context) else {
                    throw CredentialError(.notFound, "Nothing was removed.")
                }
            }
            let result = try manager.logoutAll()
            for key in result.removed { context.note("Removed \(key.spokenToken).") }
            let count = result.removed.count
            context.note(
                "Logged out of all Azure DevOps organizations (\(count) credential\(count == 1 ? "" : "s") removed)."
            )
            if result.clearedDefaultOrganization { context.note("The default organization is now unset.") }
        } else if let text = target.organization {
            let key = try manager.storedKey(named: text)
            let result = try manager.logout([key])
            context.note("Logged out of \(key.spokenName).")
            if result.clearedDefaultOrganization {
                context.note("It was the default organization, which is now unset.")
            }
        } else {
            try logoutDefaultCredential(manager, context)
        }
        return .success
    }

    /// The safer half of az's `logout`: the default credential only, saying what az would also
    /// have removed, or, when there is none, what is stored and how to remove it.
    private func logoutDefaultCredential(_ manager: AccountManager, _ context: CommandContext)
        throws(CredentialError)
    {
        let rows = try manager.accounts().rows
        let others = rows.filter { $0.hasToken && !$0.isDefaultCredential }.count
        let tokens = "\(others) organization\(others == 1 ? "" : "s")"
        guard rows.contains(where: { $0.isDefaultCredential && $0.hasToken }) else {
            if others == 0 {
                throw CredentialError(
                    .notFound, "There is no default credential to remove, and no token is stored.")
            }
            throw CredentialError(
                .notFound,
                "There is no default credential to remove. Tokens are stored for \(tokens) ('ado-accounts list' shows them): remove one with 'logout --organization URL', or all with 'logout --all'."
            )
        }
        _ = try manager.logout([.defaultCredential])
        context.note("Removed the default credential.")
        if others > 0 {
            context.note(
                "The tokens for \(tokens) are kept; az devops logout would have removed them too, as 'ado-accounts logout --all' does."
            )
        }
    }

    /// Asks on standard error, reads the answer from the terminal: only "y" or "yes" agrees.
    private func confirm(removing keys: [CredentialKey], _ context: CommandContext) throws(CredentialError)
        -> Bool
    {
        guard !keys.isEmpty else { return true }
        let names = keys.prefix(5).map(\.spokenName).joined(separator: ", ") + (keys.count > 5 ? ", …" : "")
        context.standardError.write(
            "Remove \(keys.count) token\(keys.count == 1 ? "" : "s") (\(names)) and unset the default organization? [y/N] "
        )
        guard let answer = TokenInput.readLine(from: context.standardInput) else {
            context.standardError.write("\n")
            return false
        }
        let word = String(decoding: answer, as: UTF8.self).trimmingWhitespace.lowercased()
        return word == "y" || word == "yes"
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
