import ArgumentParser
import CredentialCore

struct Use: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "use",
        abstract: "Set the default organization ('-' switches back to the previous one).",
        discussion: """
            Writes [defaults] organization in az devops' config file, as \
            `az devops configure --defaults organization=URL` does. A name stands for the stored \
            organization it names, begins or is part of (`use fab` with \
            https://dev.azure.com/fabrikam stored), when only one matches; otherwise for \
            https://dev.azure.com/NAME. A pasted project or repository address stands for its \
            organization. Without an argument, prints the default organization and the previous one.

            Examples:
              ado-accounts use https://dev.azure.com/fabrikam
              ado-accounts use fab
              ado-accounts use -
              ado-accounts use
            """)

    @OptionGroup var storeOption: StoreOption

    @Argument(
        help: ArgumentHelp(
            "Organization URL or name, or '-' for the previous default.", valueName: "organization"),
        completion: StoredOrganizations.completion)
    var organization: String?

    func run(context: CommandContext) throws(CredentialError) -> ExitStatus {
        guard let organization else { return try show(context) }
        let manager = try storeOption.manager(context)
        context.warnings(manager.warnings())
        let change =
            organization == "-"
            ? try manager.restorePreviousDefault()
            : try manager.setDefaultOrganization(manager.organization(typedForUse: organization))

        let was =
            change.wasAlreadyDefault
            ? " (it was already)" : change.previous.map { " (was \(Printable.sanitized($0)))" } ?? ""
        context.note("Default organization: \(change.organization.url)\(was).")
        context.warnAboutHost(of: change.organization)
        switch change.tokenSource {
        case nil:
            context.warning(
                "No token is stored for \(change.organization.canonicalURL); run 'ado-accounts login --organization \(change.organization.canonicalURL)'."
            )
        case .defaultCredential?:
            context.note("It has no token of its own; the default credential will be used.")
        default:
            break
        }
        if let variable = change.overriddenBy {
            context.warning("\(variable) is set and overrides the default organization while it is set.")
        }
        return .success
    }

    /// `use` alone: the default organization and the previous one, on standard output.
    private func show(_ context: CommandContext) throws(CredentialError) -> ExitStatus {
        let defaults = try DevOpsDefaults(environment: context.environment).current()
        guard defaults.organization != nil || defaults.previous != nil else {
            throw CredentialError(
                .notFound, "No default organization is set; set one with 'ado-accounts use ORGANIZATION'.")
        }
        var current = defaults.organization.map { Printable.sanitized($0.value) } ?? "(none)"
        if let variable = defaults.organization?.overriddenBy { current += " (from \(variable))" }
        context.print("Default organization: \(current)")
        if let previous = defaults.previous {
            context.print("Previous: \(Printable.sanitized(previous)) ('ado-accounts use -' switches back)")
        }
        return .success
    }
}
