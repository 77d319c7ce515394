import ArgumentParser
import CredentialCore

/// `pat`: the PAT lifecycle through the service's API, with the Azure CLI sign-in.
struct PAT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pat",
        abstract:
            "Create, renew, rotate and revoke PATs through Azure DevOps' API, with the Azure CLI sign-in.",
        discussion: """
            Every subcommand asks the organization's PAT lifecycle API, authorized by the Azure CLI \
            sign-in (`ado-accounts az-login`); a new token is stored where `login` stores it, checked \
            first, and never printed. Without --organization, the default organization.

            ado-accounts knows which of your PATs is the stored one when it made it, or when you \
            link it (`pat link`); renew, rotate and revoke act only on that one.

            Default scopes of `pat create`: \(AccountManager.defaultPATScopes.joined(separator: " ")) \
            (projects, repos and pull requests, work items, pipeline runs). Other scopes have the \
            names Azure DevOps gives them (vso.packaging, vso.code_full, …).

            Examples:
              ado-accounts pat create --organization contoso --days 30
              ado-accounts pat list
              ado-accounts pat renew --days 60
              ado-accounts pat rotate
              ado-accounts pat link --name "CI laptop"
              ado-accounts pat revoke
            """,
        subcommands: [
            PATList.self, PATCreate.self, PATRenew.self, PATRotate.self, PATRevoke.self, PATLink.self,
        ])
}

/// What every `pat` subcommand shares: the store, the organization, and reporting.
struct PATOptions: ParsableArguments {
    @OptionGroup var storeOption: StoreOption
    @OptionGroup var target: OrganizationOption
    @OptionGroup var cleartext: CleartextOption

    func manager(_ context: CommandContext) throws(CredentialError) -> (AccountManager, OrganizationURL?) {
        let organization = try target.parsed()
        var manager = try storeOption.manager(context)
        manager.allowsHTTP = cleartext.allowHTTP
        if let organization { context.warnAboutHost(of: organization) }
        context.warnings(manager.warnings())
        return (manager, organization)
    }
}

/// `--days`, shared by create, renew and rotate.
struct DaysOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How many days from now the token is valid (1-365; the organization's policy may allow fewer).",
            valueName: "days"))
    var days: Int?
}

struct PATList: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List your active PATs in the organization; * marks the one stored here.")

    @OptionGroup var options: PATOptions

    func run(context: CommandContext) async throws(CredentialError) -> ExitStatus {
        let (manager, organization) = try options.manager(context)
        let listing = try await manager.listPATs(organization: organization)
        var table = Table()
        table.append(["", "NAME", "SCOPE", "ORGANIZATIONS", "VALID FROM", "VALID TO"])
        var global = false
        for token in listing.tokens {
            if token.targetAccounts == nil { global = true }
            table.append([
                token.authorizationID == listing.storedAuthorizationID ? "*" : "",
                Printable.sanitized(token.name ?? "", limit: 60),
                Printable.sanitized(token.scope ?? "", limit: 80),
                token.targetAccounts.map { Printable.sanitized($0.joined(separator: ","), limit: 80) }
                    ?? "all",
                token.validFromDay, token.validTo == nil ? "" : token.expiryDay,
            ])
        }
        if listing.tokens.isEmpty {
            context.note("No active PATs in \(listing.organization.displayName).")
        } else {
            context.print(table.rendered())
        }
        if global {
            context.warning(
                "a PAT for \"all\" organizations is a global PAT; global PATs stopped working on \(globalPATRetirement): replace it with `ado-accounts pat create`."
            )
        }
        if listing.storedAuthorizationID == nil {
            context.note(
                "ado-accounts does not know which of these is stored for \(listing.organization.displayName); `ado-accounts pat link --name NAME` tells it."
            )
        }
        return .success
    }
}

struct PATCreate: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a PAT for the organization, store it as login would, and check it.")

    @OptionGroup var options: PATOptions

    @Option(help: ArgumentHelp("The token's name (default: ado-accounts ORG DATE).", valueName: "name"))
    var name: String?

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Scopes, such as vso.code_write vso.work (default: \(AccountManager.defaultPATScopes.joined(separator: " "))).",
            valueName: "scope"))
    var scope: [String] = []

    @OptionGroup var days: DaysOption

    func run(context: CommandContext) async throws(CredentialError) -> ExitStatus {
        let (manager, organization) = try options.manager(context)
        let change = try await manager.createPAT(
            organization: organization, name: name, scopes: scope, days: days.days)
        context.note(
            "Created \(AccountManager.named(change.token)) for \(change.organization.displayName), valid until \(change.token.expiryDay), and stored it"
                + (change.identity.map { " (it signs in as \(Printable.sanitized($0.name)))." } ?? "."))
        context.warnings(change.warnings)
        return .success
    }
}

struct PATRenew: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew",
        abstract: "Extend the stored PAT's expiry; the token itself stays the same.")

    @OptionGroup var options: PATOptions
    @OptionGroup var days: DaysOption

    func run(context: CommandContext) async throws(CredentialError) -> ExitStatus {
        let (manager, organization) = try options.manager(context)
        let renewed = try await manager.renewPAT(organization: organization, days: days.days)
        context.note("Renewed \(AccountManager.named(renewed)): valid until \(renewed.expiryDay).")
        return .success
    }
}

struct PATRotate: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Replace the stored PAT by a new one like it, then revoke the old one.")

    @OptionGroup var options: PATOptions
    @OptionGroup var days: DaysOption

    func run(context: CommandContext) async throws(CredentialError) -> ExitStatus {
        let (manager, organization) = try options.manager(context)
        let change = try await manager.rotatePAT(organization: organization, days: days.days)
        context.note(
            "Stored the new \(AccountManager.named(change.token)), valid until \(change.token.expiryDay)"
                + (change.revoked.map {
                    ", and revoked the old one (authorization \(Printable.sanitized($0.authorizationID, limit: 60)))."
                }
                    ?? "."))
        context.warnings(change.warnings)
        return .success
    }
}

struct PATRevoke: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke the stored PAT at the service, then remove it here.")

    @OptionGroup var options: PATOptions

    func run(context: CommandContext) async throws(CredentialError) -> ExitStatus {
        let (manager, organization) = try options.manager(context)
        try await PATRevoke.revoke(manager, organization, context: context)
        return .success
    }

    /// Also `logout --revoke`.
    static func revoke(_ manager: AccountManager, _ organization: OrganizationURL?, context: CommandContext)
        async throws(CredentialError)
    {
        let (token, result, alreadyGone) = try await manager.revokePAT(organization: organization)
        context.note(
            alreadyGone
                ? "The service no longer had \(AccountManager.named(token)); removed it here."
                : "Revoked \(AccountManager.named(token)) and removed it here.")
        if result.clearedDefaultOrganization {
            context.note("It was the default organization's token; the default organization is now unset.")
        }
    }
}

struct PATLink: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Tell ado-accounts which of your PATs is the one stored here (made elsewhere).",
        discussion: """
            The name must be that of exactly one active PAT of the organization; otherwise the \
            candidates are listed and nothing is linked. --id takes the authorization id instead.
            """)

    @OptionGroup var options: PATOptions

    @Option(help: ArgumentHelp("The PAT's name, as `pat list` shows it.", valueName: "name"))
    var name: String?

    @Option(name: .customLong("id"), help: ArgumentHelp("The PAT's authorization id.", valueName: "id"))
    var authorizationID: String?

    func validate() throws {
        if (name == nil) == (authorizationID == nil) {
            throw ValidationError("Give exactly one of --name and --id.")
        }
    }

    func run(context: CommandContext) async throws(CredentialError) -> ExitStatus {
        let (manager, organization) = try options.manager(context)
        let token = try await manager.linkPAT(
            organization: organization, name: name, authorizationID: authorizationID)
        context.note(
            "Linked the stored token to \(AccountManager.named(token)), valid until \(token.expiryDay).")
        return .success
    }
}
