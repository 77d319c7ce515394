import ArgumentParser
import CredentialCore

struct Use: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "use",
        abstract: "Set the default organization ('-' switches back to the previous one).",
        discussion: """
            Writes [defaults] organization in az devops' config file, as
            `az devops configure --defaults organization=URL` does.

            Examples:
              ado-accounts use https://dev.azure.com/fabrikam
              ado-accounts use contoso
              ado-accounts use -
            """)

    @OptionGroup var storeOption: StoreOption

    @Argument(
        help: ArgumentHelp(
            "Organization URL or name, or '-' for the previous default.", valueName: "organization"))
    var organization: String

    func run() throws {
        let manager = try storeOption.manager()
        Output.warnings(manager.warnings())
        let change =
            organization == "-"
            ? try manager.restorePreviousDefault()
            : try manager.setDefaultOrganization(OrganizationURL(organization))

        let was = change.previous.map { " (was \(Printable.sanitized($0)))" } ?? ""
        Output.note("Default organization: \(change.organization.url)\(was).")
        switch change.tokenSource {
        case nil:
            Output.warning(
                "No token is stored for \(change.organization.canonicalURL); run 'ado-accounts login --organization \(change.organization.canonicalURL)'."
            )
        case .defaultCredential?:
            Output.note("It has no token of its own; the default credential will be used.")
        default:
            break
        }
        if let variable = change.overriddenBy {
            Output.warning("\(variable) is set and overrides the default organization while it is set.")
        }
    }
}
