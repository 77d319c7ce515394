import ArgumentParser
import CredentialCore

struct ADOAccounts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ado-accounts",
        abstract: "Manage Azure DevOps personal access tokens, in the stores az devops uses.",
        discussion: """
            Tokens, the default organization and project are shared with `az devops login`, \
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
            Migrate.self, Doctor.self, TUI.self, PAT.self,
        ],
        defaultSubcommand: List.self
    )
}

/// The command line as a function: arguments and a context in, an exit status out. The binary
/// runs it on its own streams; the in-process tests on buffers.
public enum ADOAccountsProgram {
    /// Runs the command with ado-accounts' exit statuses and one-line errors.
    /// `fastPath: false` parses every spelling with ArgumentParser (the test that the two agree).
    public static func run(_ arguments: [String], context: CommandContext, fastPath: Bool = true) async
        -> ExitStatus
    {
        if fastPath, let status = runDirectly(arguments, context: context) { return status }
        do {
            var command = try ADOAccounts.parseAsRoot(arguments)
            guard let runnable = command as? any RunnableCommand else {
                // ArgumentParser's own (help): its run() throws the text to print, handled below.
                try command.run()
                return .success
            }
            return try await runnable.run(context: context)
        } catch let error as CredentialError {
            context.error(error.commandLineText)
            return ExitStatus(error.kind)
        } catch {
            if ADOAccounts.exitCode(for: error) == .success {
                // --help, --version: printed as ArgumentParser would, wrapped to the terminal.
                context.write(ADOAccounts.fullMessage(for: error, columns: context.columns) + "\n")
                return .success
            }
            context.error(usageError(error, arguments: arguments))
            return .invalidInput
        }
    }

    /// One line for a command line ArgumentParser refused, pointing to the help that would have
    /// helped: an unknown subcommand (which ArgumentParser reads as an argument of `list`, the
    /// default) with the nearest known one, anything else with the subcommand's own help.
    static func usageError(_ error: any Error, arguments: [String]) -> String {
        let names = ADOAccounts.configuration.subcommands.map { $0._commandName } + ["help"]
        if let first = arguments.first, !first.hasPrefix("-"), !names.contains(first) {
            let nearest = names.map { (name: $0, distance: editDistance(first, $0)) }.min {
                $0.distance < $1.distance
            }
            if let nearest, nearest.distance <= max(1, first.count / 3) {
                return "unknown command '\(first)'. Did you mean '\(nearest.name)'?"
            }
            return "unknown command '\(first)'. See 'ado-accounts --help'."
        }
        var message =
            ADOAccounts.fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
        message = message.replacing("Error: ", with: "")
        if let first = message.first, first.isUppercase, message.dropFirst().first?.isLowercase == true {
            message = first.lowercased() + message.dropFirst()
        }
        if message.hasSuffix(".") { message.removeLast() }
        let command = arguments.first.flatMap { names.contains($0) && $0 != "help" ? $0 : nil }
        return message + ". See 'ado-accounts \(command.map { $0 + " " } ?? "")--help'."
    }

    /// Edit distance with a swap of two neighbours counting as one edit (optimal string
    /// alignment): "lsit" is one edit from "list".
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in a.indices {
            for j in b.indices {
                var best = min(d[i][j + 1] + 1, d[i + 1][j] + 1, d[i][j] + (a[i] == b[j] ? 0 : 1))
                if i > 0, j > 0, a[i] == b[j - 1], a[i - 1] == b[j] { best = min(best, d[i - 1][j - 1] + 1) }
                d[i + 1][j + 1] = best
            }
        }
        return d[a.count][b.count]
    }

    /// The spellings `DirectDispatch` knows, run synchronously on the calling thread: the
    /// binary calls this before its first `await`, which would start the concurrency pool's
    /// threads (and cost `list` its start-up). Nil for any other spelling.
    public static func runDirectly(_ arguments: [String], context: CommandContext) -> ExitStatus? {
        guard let direct = DirectDispatch.command(for: arguments) else { return nil }
        do {
            return try direct(context)
        } catch {
            context.error(error.commandLineText)
            return ExitStatus(error.kind)
        }
    }

    /// The arguments to parse: `tui` when the program is run alone on a terminal, so that the
    /// account manager is its face; otherwise those given (alone, without a terminal: `list`).
    public static func arguments(
        _ given: [String], context: CommandContext
    ) -> [String] {
        given.isEmpty && context.inputIsTerminal && context.outputIsTerminal ? ["tui"] : given
    }
}

/// A subcommand: its parsed options, run against a context (ArgumentParser's own `run()` is not used).
protocol RunnableCommand {
    func run(context: CommandContext) async throws(CredentialError) -> ExitStatus
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

    func manager(_ context: CommandContext, verifier: any TokenVerifier = HTTPTokenVerifier())
        throws(CredentialError) -> AccountManager
    {
        try context.manager(store, verifier: verifier)
    }
}

/// `--warn-days`: how close to its expiry a stored token gets a warning (`status`, `doctor`).
struct ExpiryWarningOption: ParsableArguments {
    @Option(
        name: .customLong("warn-days"),
        help: ArgumentHelp(
            "Warn about stored tokens that expire within this many days. Default: $ADO_ACCOUNTS_EXPIRY_WARNING_DAYS, else 7.",
            valueName: "days"))
    var warnDays: Int?

    func validate() throws {
        if let warnDays, !(0...3650).contains(warnDays) {
            throw ValidationError("--warn-days must be from 0 to 3650.")
        }
    }

    func days(_ manager: AccountManager) throws(CredentialError) -> Int {
        try ExpiryWarning.days(explicit: warnDays, environment: manager.environment)
    }
}

extension StorePreference: ExpressibleByArgument {
    // Spelled out: the default derives the strings through reflection at every start.
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// `--timeout`, on the commands that check a token with its organization.
struct TimeoutOption: ParsableArguments {
    @Option(
        name: .customLong("timeout"),
        help: ArgumentHelp(
            "Seconds to wait for each answer, more than 0 and at most 300.", valueName: "seconds"))
    var seconds: Double = 10

    func validate() throws {
        if !(seconds > 0 && seconds <= 300) {
            throw ValidationError("--timeout must be more than 0 and at most 300 seconds.")
        }
    }

    var verifier: HTTPTokenVerifier { HTTPTokenVerifier(timeout: .milliseconds(Int(seconds * 1000))) }
}
