import ArgumentParser
import CredentialCore

struct Login: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Store a personal access token for an organization, or as the default credential.",
        discussion: """
            The token is read from a prompt that does not echo it, or, when standard input is not \
            a terminal, from its first line. It is never taken from the command line.

            With an organization, the token is checked first (GET ORGANIZATION/_apis/connectionData) \
            and stored only if the service accepts it; the organization becomes the default when \
            no default is set. Without one, the token becomes the default credential, used for \
            every organization that has no token of its own.

            Examples:
              ado-accounts login --organization contoso
              ado-accounts login --org contoso < ~/pat.txt
              pass show ado/contoso | ado-accounts login --org contoso
              ado-accounts login
            """)

    @OptionGroup var storeOption: StoreOption

    @OptionGroup var target: OrganizationOption

    @Flag(help: "Store the token without checking it with the organization.")
    var skipVerify = false

    @OptionGroup var timeout: TimeoutOption

    @OptionGroup var cleartext: CleartextOption

    func run(context: CommandContext) async throws(CredentialError) -> ExitStatus {
        let organization = try target.parsed()
        var manager = try storeOption.manager(context, verifier: timeout.verifier)
        manager.allowsHTTP = cleartext.allowHTTP
        // Before the token is typed: whether it may go there at all, where it really goes when
        // the URL could mislead, and where it will be stored when that is not the keyring asked for.
        if let organization {
            try manager.requireProtectedTransport(to: organization)
            context.warnAboutHost(of: organization)
        }
        if let notice = manager.storeNotice { context.note(notice) }
        context.warnings(manager.warnings())
        let token = try TokenInput.read(context)
        let result: AccountManager.LoginResult
        let progress = Progress(context)
        if let organization, !skipVerify {
            progress.show("Checking the token with \(organization.canonicalURL)…")
        }
        do {
            result = try await manager.login(token: token, organization: organization, verify: !skipVerify)
            progress.clear()
        } catch let error where error.kind == .unreachable {
            progress.clear()
            throw CredentialError(
                .unreachable, error.commandLineText + " Add --skip-verify to store it without checking.")
        } catch {
            progress.clear()
            throw error
        }

        if let organization = result.organization {
            if let identity = result.identity {
                context.note(
                    "Logged in to \(organization.displayName) as \(Printable.sanitized(identity.name)).")
            } else {
                context.note("Stored a token for \(organization.displayName) without checking it.")
            }
            if result.becameDefaultOrganization {
                context.note("\(Printable.sanitized(organization.url)) is now the default organization.")
            }
        } else {
            context.note(
                "Stored the default credential, used for every organization without a token of its own.")
        }
        if result.replacedExisting { context.note("The token stored before was replaced.") }
        context.warnings(result.warnings)
        if let variable = result.environmentOverride {
            context.warning("\(variable) is set and takes precedence over stored tokens while it is set.")
        }
        return .success
    }
}
