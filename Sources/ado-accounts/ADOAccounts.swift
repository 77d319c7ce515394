import ArgumentParser
import CredentialCore

@main
struct ADOAccounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ado-accounts",
        abstract: "Manage Azure DevOps personal access tokens, in the stores az devops uses.",
        discussion: """
            Tokens, the default organization and project are shared with `az devops login`,
            `logout` and `configure`: a change made here is seen by az, and the other way round.

            Examples:
              echo "$PAT" | ado-accounts login --organization contoso
              ado-accounts list
              ado-accounts use https://dev.azure.com/fabrikam
              ado-accounts exec -- az repos list
              ado-accounts setup-git
            """,
        version: "0.1.0",
        subcommands: [
            Login.self, Logout.self, List.self, Use.self, Configure.self, Token.self, Verify.self,
            Status.self, Exec.self, GitCredential.self, SetupGit.self, AzureLogin.self, AzureLogout.self,
            Migrate.self, Doctor.self, TUI.self,
        ],
        defaultSubcommand: List.self
    )

    /// Runs the command with ado-accounts' exit statuses and one-line errors.
    static func main() async {
        // Before anything can hold a token (the PAT variables are in memory already).
        Output.warnings(ProcessHardening.apply())
        LockWaitNotice.deliver { Output.error($0) }
        do {
            let arguments = TUI.arguments()
            if let direct = DirectDispatch.command(for: arguments) {
                try direct()
                return
            }
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CredentialError {
            Output.error(error.message)
            exit(status: ExitStatus(error.kind))
        } catch let error as Exit {
            exit(status: error.status)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)  // --help, --version: ArgumentParser prints them
            }
            let message = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            Output.error(message.replacing("Error: ", with: "") + " (see 'ado-accounts --help')")
            exit(status: .invalidInput)
        }
    }

    static func exit(status: ExitStatus) -> Never {
        Self.exit(withError: status == .success ? nil : ExitCode(status.rawValue))
    }
}

/// `--organization`, shared by the commands that take one.
struct OrganizationOption: ParsableArguments {
    init() {}

    /// For `DirectDispatch`, which has the value without parsing.
    init(organization: String?) {
        self.organization = organization
    }

    @Option(
        name: [.customLong("organization"), .customLong("org")],
        help: ArgumentHelp(
            "Organization URL, or a bare name for https://dev.azure.com/NAME.", valueName: "url"),
        completion: StoredOrganizations.completion)
    var organization: String?

    func parsed() throws(CredentialError) -> OrganizationURL? {
        try organization.map { (text) throws(CredentialError) in try OrganizationURL(text) }
    }
}

/// `--allow-http`, on the commands that send a token (or store one that az will send).
struct CleartextOption: ParsableArguments {
    @Flag(
        name: .customLong("allow-http"),
        help: ArgumentHelp(
            "Allow sending tokens unencrypted to an http:// organization beyond this machine (localhost, 127.0.0.0/8 and ::1 need no option); never to Azure DevOps Services."
        ))
    var allowHTTP = false
}

/// `--store`, shared by every command that reads or writes tokens.
struct StoreOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Where tokens live: auto (the keyring when it answers, else the file), keyring or file. Default: $ADO_ACCOUNTS_STORE, else auto.",
            valueName: "store"))
    var store: StorePreference?

    func manager(verifier: any TokenVerifier = HTTPTokenVerifier()) throws(CredentialError) -> AccountManager
    {
        try AccountManager(preference: store, verifier: verifier)
    }
}

extension StorePreference: ExpressibleByArgument {
    // Spelled out: the default derives the strings through reflection at every start.
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
