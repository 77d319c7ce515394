import ArgumentParser
import CredentialCore

struct Verify: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check tokens with their organizations and show who they sign in as.",
        discussion: """
            Each check is GET ORGANIZATION/_apis/connectionData with the token that a command for \
            that organization would use. Results: valid, expired (401 saying the token's time is \
            over), rejected (401, 403, a sign-in page, the anonymous user), unreachable (name \
            resolution, connection, timeout), unexpected (a server error or an answer that is not \
            connection data), no token.

            Each result is remembered (ado-accounts.state) with who the token signed in as, for \
            'list' and the account manager to show without asking again.

            Exit status: 0 when every check is valid, 3 when a token is expired, rejected or \
            missing, 4 when a check could not complete.

            Without --organization or --all, the organization is the one az devops picks: that of \
            the Azure DevOps git remote of the current directory (unless --detect false), else \
            the default organization; a line on standard error says which. With --all, each row \
            is printed as soon as it and the rows above it are answered.

            Examples:
              ado-accounts verify
              ado-accounts verify --organization contoso
              ado-accounts verify --all --json
            """)

    @OptionGroup var storeOption: StoreOption

    @OptionGroup var target: OrganizationOption

    @OptionGroup var detection: DetectOption

    @Flag(help: "Check every stored organization, several at a time.")
    var all = false

    @Flag(help: "Print JSON (the schema is in the README).")
    var json = false

    @OptionGroup var timeout: TimeoutOption

    @OptionGroup var cleartext: CleartextOption

    func validate() throws {
        if all && target.organization != nil {
            throw ValidationError("--all and --organization cannot be used together.")
        }
    }

    func run(context: CommandContext) async throws(CredentialError) -> ExitStatus {
        var manager = try storeOption.manager(context, verifier: timeout.verifier)
        manager.allowsHTTP = cleartext.allowHTTP
        context.warnings(manager.warnings())
        let (targets, resolution) = try manager.verificationTargets(
            all: all, organization: target.organization, detect: detection.isOn)
        // Said on standard error when no --organization named it.
        if target.organization == nil, let resolution, let organization = resolution.organization {
            context.note("Checking \(organization.canonicalURL), \(resolution.origin).")
        }
        let organizations = targets.sorted { $0.canonicalURL < $1.canonicalURL }

        // Rows keep this order, each printed once it and every row above it are answered: the
        // output is the same whichever answer comes first, and a slow organization holds back
        // only the rows below it. Started in the same order, so the top rows come first.
        let table = VerifyTable(organizations: organizations, context: context, timeout: timeout.seconds)
        let progress = Progress(context)
        var answered: [Int: AccountManager.Check] = [:]
        var checks: [AccountManager.Check] = []
        var positions: [String: [Int]] = [:]
        for (index, organization) in organizations.enumerated().reversed() {
            positions[organization.canonicalURL, default: []].append(index)
        }
        if !json { context.print(table.header) }
        progress.show(table.waiting(answered: 0))
        for await check in manager.checkAll(organizations) {
            guard let index = positions[check.organization.canonicalURL]?.popLast() else { continue }
            answered[index] = check
            var lines: [String] = []
            while let next = answered[checks.count] {
                checks.append(next)
                lines.append(table.row(next))
            }
            if !json, !lines.isEmpty {
                progress.clear()
                context.print(lines.joined(separator: "\n"))
            }
            if answered.count < organizations.count { progress.show(table.waiting(answered: answered.count)) }
        }
        progress.clear()
        // The whole batch in one change; a record that cannot be written never fails the check.
        if let warning = manager.remember(checks) { context.warning(warning) }
        let advice = VerifyJSON.advice(for: checks, manager: manager)

        if json {
            context.print(try JSONText.encode(VerifyJSON(checks: checks, advice: advice)))
        } else {
            for check in checks {
                if let text = advice[check.organization.key] {
                    context.note("\(check.organization.displayName): the token has expired. \(text)")
                }
            }
        }
        if let failure = CredentialError.Kind.mostSevere(checks.compactMap(\.outcome.failure)) {
            return ExitStatus(failure)
        }
        return .success
    }

}

/// `verify --json`, documented in the README.
struct VerifyJSON: Encodable {
    struct Result: Encodable {
        let organization: String
        let result: String
        let identity: Identity?
        let reason: String?
        let httpStatus: Int?
        let tokenSource: String?
        let tokenVariable: String?
        let latencyMilliseconds: Int?
        /// What to do about an expired token.
        let advice: String?

        init(_ check: AccountManager.Check, advice: String? = nil) {
            self.advice = advice
            organization = check.organization.canonicalURL
            switch check.outcome {
            case .verified(let verification, let source):
                result = verification.label
                identity = verification.identity
                reason = verification.reason
                httpStatus = verification.httpStatus
                tokenSource = source.label
                if case .environment(let variable) = source {
                    tokenVariable = variable
                } else {
                    tokenVariable = nil
                }
                let parts = check.latency.components
                latencyMilliseconds = Int(parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000)
            case .noToken:
                result = "noToken"
                identity = nil
                reason = "no token is stored for this organization"
                httpStatus = nil
                tokenSource = nil
                tokenVariable = nil
                latencyMilliseconds = nil
            case .failed(let error):
                result = "error"
                identity = nil
                reason = error.commandLineText
                httpStatus = nil
                tokenSource = nil
                tokenVariable = nil
                latencyMilliseconds = nil
            }
        }
    }

    let results: [Result]

    init(checks: [AccountManager.Check], advice: [CredentialKey: String] = [:]) {
        results = checks.map { Result($0, advice: advice[$0.organization.key]) }
    }

    /// The advice for each organization whose token expired, by organization key.
    static func advice(for checks: [AccountManager.Check], manager: AccountManager) -> [CredentialKey: String]
    {
        let expired = checks.filter {
            if case .verified(.expired, _) = $0.outcome { return true }
            return false
        }
        guard !expired.isEmpty else { return [:] }
        let signedIn = AzureCLI(environment: manager.environment).state().isSignedIn
        var advice: [CredentialKey: String] = [:]
        for check in expired {
            if case .renewOrReplaceToken(let key, let canRenew)? = RememberedWords.expiredHint(
                for: check, azureSignedIn: signedIn)
            {
                advice[check.organization.key] = CredentialError.renewal(key, canRenew: canRenew)
            }
        }
        return advice
    }
}
