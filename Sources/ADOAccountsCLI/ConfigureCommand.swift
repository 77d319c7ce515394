import ArgumentParser
import CredentialCore

struct Configure: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "configure",
        abstract: "Set or list defaults, with the syntax of az devops configure.",
        discussion: """
            Only organization and project can be set. An empty value, or '', unsets one.

            Examples:
              ado-accounts configure --defaults organization=https://dev.azure.com/contoso project=Web
              ado-accounts configure --defaults project=''
              ado-accounts configure --list
            """)

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Space-separated name=value pairs: organization=URL project=NAME.", valueName: "name=value"))
    var defaults: [String] = []

    @Flag(
        name: [.short, .customLong("list")],
        help: "List the configuration, as az devops configure --list does.")
    var list = false

    func validate() throws {
        if defaults.isEmpty && !list {
            throw ValidationError("at least one of --defaults and --list must be given.")
        }
    }

    func run(context: CommandContext) throws(CredentialError) -> ExitStatus {
        // No store is opened: configure never probes, or asks to unlock, the keyring.
        let config = DevOpsDefaults(environment: context.environment)
        if !defaults.isEmpty, let change = try config.configure(defaults), let line = Use.describe(change) {
            context.note(line)
        }
        if list { context.write(Self.render(try config.report())) }
        return .success
    }

    /// az's layout (docs/storage.md §9): each section after a blank line, then the git alias line, then
    /// the names of AZURE_DEVOPS_EXT_* variables.
    static func render(_ report: ConfigurationReport) -> String {
        var text = ""
        for section in report.sections {
            text += "\n[\(Printable.sanitized(section.name))]\n"
            for entry in section.entries {
                text += "\(Printable.sanitized(entry.name)) = \(Printable.sanitized(entry.value))\n"
            }
        }
        text += "\nUse git alias = \(report.usesGitAliases ? "Yes" : "No")\n"
        if !report.environmentVariables.isEmpty {
            text += "\nEnvironment variables:\n" + report.environmentVariables.map { $0 + "\n" }.joined()
        }
        return text
    }
}
