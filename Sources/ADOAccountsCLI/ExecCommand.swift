import ArgumentParser
import CredentialCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct Exec: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command with an organization's token in AZURE_DEVOPS_EXT_PAT.",
        discussion: """
            The organization is the one az devops picks: --organization, else the Azure DevOps git \
            remote of the current directory (unless --detect false), else the default \
            organization. Its token (az devops' order: the PAT variables, its own token, the \
            default credential) is put in the command's environment as AZURE_DEVOPS_EXT_PAT, with \
            AZURE_DEVOPS_EXT__DEFAULTS_ORGANIZATION (and _PROJECT, from --project or the git \
            remote), so `az repos list` needs no --organization. The token is never an argument, \
            and the default organization in az's config is not changed.

            The command replaces ado-accounts (same process): its exit status and the signal that \
            ends it are the shell's to see, and signals reach it directly. Without a token nothing \
            is run (exit 1). A command that is not found exits 127, one that cannot run 126.

            Examples:
              ado-accounts exec -- az repos list
              ado-accounts exec --project Web -- az pipelines list
            """)

    @OptionGroup var storeOption: StoreOption

    @OptionGroup var target: OrganizationOption

    @OptionGroup var detection: DetectOption

    @Option(help: ArgumentHelp("The project for AZURE_DEVOPS_EXT__DEFAULTS_PROJECT.", valueName: "name"))
    var project: String?

    @Argument(
        parsing: .postTerminator,
        help: ArgumentHelp("The command and its arguments, after --.", valueName: "command"))
    var command: [String] = []

    func validate() throws {
        if command.isEmpty { throw ValidationError("give the command to run after --.") }
        if let project,
            project.isEmpty || project.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        {
            throw ValidationError("--project must be a project name.")
        }
    }

    func run(context: CommandContext) throws(CredentialError) -> ExitStatus {
        // Before any store is opened, so that only what the shell passed on is passed on.
        guard let inheritance = context.inheritance else {
            // In-process (tests): replacing the process would replace the test runner.
            throw CredentialError(.invalidInput, "exec runs only as its own process.")
        }
        let manager = try storeOption.manager(context)
        context.warnings(manager.warnings())
        let resolution = try manager.resolveOrganization(target.organization, detect: detection.isOn)
        context.noteRemote(resolution)
        if let organization = resolution.organization { context.warnAboutHost(of: organization) }
        // az detects by itself, whatever --detect said to ado-accounts. With detection on and
        // no --organization, the remote (if any) already chose.
        if let organization = resolution.organization, target.organization != nil || !detection.isOn {
            warnIfAzDetectsAnother(organization, manager, context)
        }
        let resolved: ResolvedToken
        do {
            resolved = try TokenLookup(manager: manager, typed: target.organization, context: context)
                .require(resolution)
        } catch {
            throw CredentialError(error.kind, error.commandLineText + " Nothing was run.")
        }
        let environment = TokenExec.environment(
            manager.environment, token: resolved.token, organization: resolution.organization,
            project: project ?? resolution.project)
        let failure = TokenExec.replaceProcess(
            with: command, environment: environment, inheritance: inheritance)
        context.error(failure.message)
        Glibc.exit(failure.status)
    }

    /// az, run without --organization inside a repository, uses the remote's organization
    /// before the default this command sets, and would send it this token.
    private func warnIfAzDetectsAnother(
        _ organization: OrganizationURL, _ manager: AccountManager, _ context: CommandContext
    ) {
        guard let repository = manager.detectRepository(),
            let detected = try? OrganizationURL(repository.organizationURL), detected.key != organization.key
        else { return }
        context.warning(
            "az run without --organization here uses \(detected.canonicalURL) (the git remote '\(Printable.sanitized(repository.remoteName))'), not \(organization.canonicalURL); give it --organization, or --detect false."
        )
    }
}
