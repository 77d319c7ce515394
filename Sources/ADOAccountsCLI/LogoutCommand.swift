import ArgumentParser
import CredentialCore

struct Logout: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Remove a stored token: an organization's, the default credential, or all of them.",
        discussion: """
            With --organization, removes that organization's token from every store and from
            organization_list, and unsets the default organization if it was that one. A key that
            is not a URL (list marks it "raw key") is removed by giving the whole key as shown. Without
            options, removes the default credential, as the az devops documentation describes.
            --all removes every token and the index, and unsets the default organization.
            --revoke first revokes the organization's PAT at the service (as `pat revoke`).

            When the keyring exists but cannot be used (locked with nobody to unlock it, or not
            answering) and may hold a token that would go, nothing is removed: exit status 5.

            Examples:
              ado-accounts logout --organization contoso
              ado-accounts logout                     # the default credential
              ado-accounts logout --all
            """)

    @OptionGroup var storeOption: StoreOption

    @OptionGroup var target: OrganizationOption

    @Flag(help: "Remove every stored token and the organization index.")
    var all = false

    @Flag(help: "Revoke the organization's PAT at the service first (needs an Azure CLI sign-in).")
    var revoke = false

    @OptionGroup var cleartext: CleartextOption

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
            let result = try manager.logoutAll()
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
            _ = try manager.logout([.defaultCredential])
            context.note("Removed the default credential.")
        }
        return .success
    }
}
