import ArgumentParser
import CredentialCore

struct Configure: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "configure",
        abstract: "Set or list defaults, with the options of az devops configure.",
        discussion: """
            Only organization and project can be set. An empty value, or '', unsets one. \
            --use-git-aliases true adds az's aliases 'git pr' and 'git repo' to git's global \
            configuration (they run az repos); false removes them, unless they were changed.

            Examples:
              ado-accounts configure -d organization=acme project=Web
              ado-accounts configure --defaults project=''
              ado-accounts configure --use-git-aliases true
              ado-accounts configure --list
            """)

    @Option(
        name: [.short, .long],
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Space-separated name=value pairs: organization=URL project=NAME.", valueName: "name=value"))
    var defaults: [String] = []

    @Option(
        name: .customLong("use-git-aliases"), defaultAsFlag: GitAliasesChoice.true, parsing: .next,
        help: ArgumentHelp(
            "true (or no value) adds az's 'git pr' and 'git repo' aliases to git's global configuration; false removes them.",
            valueName: "true|false"))
    var useGitAliases: GitAliasesChoice? = nil

    @Flag(
        name: [.short, .customLong("list")],
        help: "List the configuration, as az devops configure --list does.")
    var list = false

    func run(context: CommandContext) throws(CredentialError) -> ExitStatus {
        // Here rather than in validate(), which ArgumentParser runs before it reports an
        // unknown option: `configure --bogus` says the option is unknown.
        if defaults.isEmpty && !list && useGitAliases == nil {
            throw .init(
                .invalidInput,
                "give at least one of --defaults, --use-git-aliases and --list. See 'ado-accounts configure --help'."
            )
        }
        // No store is opened: configure never probes, or asks to unlock, the keyring.
        let config = DevOpsDefaults(environment: context.environment)
        if !defaults.isEmpty, let change = try config.configure(defaults) {
            // Silent as az's when it did what was written; a project it brought back or cleared
            // with the organization is said.
            switch change {
            case .restored, .cleared: Use.describe(change).map(context.note)
            case .kept, .set: break
            }
        }
        if let useGitAliases { try config.useGitAliases(useGitAliases == .true) }
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

/// `--use-git-aliases true|false`, spelled as az accepts it (in any case).
enum GitAliasesChoice: String, ExpressibleByArgument, CaseIterable {
    case `true`
    case `false`

    init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }

    static var allValueStrings: [String] { ["true", "false"] }
}
