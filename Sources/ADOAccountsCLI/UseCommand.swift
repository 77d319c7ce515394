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

            The default project follows the organization: the one last used with it comes back, \
            or, when none is remembered, the project is cleared (it belongs to the organization \
            left). --project sets it in the same change.

            Examples:
              ado-accounts use https://dev.azure.com/fabrikam
              ado-accounts use fab
              ado-accounts use fab --project Web
              ado-accounts use -
              ado-accounts use
            """)

    @OptionGroup var storeOption: StoreOption

    @Argument(
        help: ArgumentHelp(
            "Organization URL or name, or '-' for the previous default.", valueName: "organization"),
        completion: StoredOrganizations.completion)
    var organization: String?

    @Option(
        name: [.short, .long],
        help: ArgumentHelp("Make this the default project too, in the same change.", valueName: "project"))
    var project: String?

    func validate() throws {
        if project != nil, organization == nil || organization == "-" {
            throw ValidationError(
                "--project needs an organization: ado-accounts use ORGANIZATION --project NAME.")
        }
    }

    func run(context: CommandContext) throws(CredentialError) -> ExitStatus {
        guard let organization else { return try show(context) }
        let manager = try storeOption.manager(context)
        context.warnings(manager.warnings())
        let change =
            organization == "-"
            ? try manager.restorePreviousDefault()
            : try manager.setDefaultOrganization(
                manager.organization(typedForUse: organization), project: project)

        let was =
            change.wasAlreadyDefault
            ? " (it was already)" : change.previous.map { " (was \(Printable.sanitized($0)))" } ?? ""
        context.note("Default organization: \(change.organization.url)\(was).")
        context.warnAboutHost(of: change.organization)
        if let line = Self.describe(change.project) { context.note(line) }
        if let variable = change.projectOverriddenBy {
            context.warning("\(variable) is set and overrides the default project while it is set.")
        }
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

    /// What became of the default project, one line; nil when nothing was or is set.
    static func describe(_ change: ProjectChange) -> String? {
        switch change {
        case .kept(nil), .set(nil): nil
        case .kept(let project?): "Default project: \(Printable.sanitized(project)) (unchanged)."
        case .set(let project?): "Default project: \(Printable.sanitized(project))."
        case .restored(let project):
            "Default project: \(Printable.sanitized(project)) (the last one used with this organization)."
        case .cleared(let previous):
            "Default project cleared (was \(Printable.sanitized(previous))): none is remembered for this organization; set one with --project."
        }
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
