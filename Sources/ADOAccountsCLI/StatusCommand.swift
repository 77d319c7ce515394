import ArgumentParser
import CredentialCore

struct Status: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show, per organization, which credential az devops would use and which are shadowed.",
        discussion: """
            az devops tries an Azure CLI sign-in (az login) before any PAT, then AZURE_DEVOPS_EXT_PAT, \
            then the organization's own PAT, then the default credential. A stored PAT can therefore \
            be silently shadowed. az does not read AZURE_DEVOPS_CLI_PAT (only 'ado-accounts token' \
            does), so status does not count it. Without --check, nothing is contacted and an Azure \
            CLI sign-in is shown as "tried first"; with --check, its token is fetched (az account \
            get-access-token; never printed) and verified against the organization, as az devops \
            would, and so is the PAT az would fall back on (its result is remembered).

            A stored token that the service said expires within 7 days (--warn-days, or \
            ADO_ACCOUNTS_EXPIRY_WARNING_DAYS), or has expired, gets a warning.

            Without --organization, every stored organization is shown; when the current directory \
            has an Azure DevOps git remote (and --detect is not false), the organization az devops \
            picks from it comes first, with the remote named.

            Examples:
              ado-accounts status
              ado-accounts status --organization contoso --check
              ado-accounts status --json
            """)

    @OptionGroup var storeOption: StoreOption
    @OptionGroup var target: OrganizationOption
    @OptionGroup var detection: DetectOption

    @Flag(help: "Fetch each Azure CLI token and verify it against the organization.")
    var check = false

    @Flag(help: "Print JSON (the schema is in the README).")
    var json = false

    @OptionGroup var cleartext: CleartextOption

    @OptionGroup var expiry: ExpiryWarningOption

    func run(context: CommandContext) async throws(CredentialError) -> ExitStatus {
        var manager = try storeOption.manager(context)
        let warnDays = try expiry.days(manager)
        manager.allowsHTTP = cleartext.allowHTTP
        context.warnings(manager.warnings())
        let here = try manager.resolveOrganization(target.organization, detect: detection.isOn)
        let status = try await manager.status(of: try manager.statusTargets(here), check: check)
        let (azure, chains) = (status.azure, status.chains)
        let notices =
            [status.notice].compactMap { $0 } + status.unchecked.map { "Not checked: " + $0.commandLineText }
        if !notices.isEmpty { context.warning(notices.joined(separator: " ")) }
        // An empty chain is "nothing stored" only when no keyring that cannot be used now may
        // hold the token.
        var hidden: [CredentialKey: String] = [:]
        for chain in chains where chain.steps.isEmpty {
            hidden[chain.organization.key] =
                manager.unreadableKeyringError(lookingFor: chain.organization)?.commandLineText
        }
        if json {
            context.print(try JSONText.encode(StatusJSON(azure: azure, chains: chains, here: here)))
        } else {
            context.print(Self.render(azure: azure, chains: chains, here: here, hidden: hidden))
        }
        if let problem = azure.problem {
            context.warning(problem + "; treating the Azure CLI as signed out.")
        }
        context.warnings(
            status.list.expiryWarnings(
                now: manager.now(), withinDays: warnDays, azureSignedIn: azure.isSignedIn
            ).map(\.commandLineText))
        if !hidden.isEmpty { return .storage }
        return chains.contains(where: { $0.steps.isEmpty }) ? .notFound : .success
    }

    static func render(
        azure: AzureCLIState, chains: [CredentialChain], here: OrganizationResolution? = nil,
        hidden: [CredentialKey: String] = [:]
    ) -> String {
        var lines = ["Azure CLI: " + (azure.isSignedIn ? "signed in as " + azure.summary : azure.summary)]
        // Only a git remote is news: the default organization is what list marks with '*'.
        if let here, case .gitRemote = here.source, let organization = here.organization {
            lines.append("In this directory: \(organization.canonicalURL), \(here.origin).")
        }
        for chain in chains {
            lines.append("")
            lines.append(chain.organization.displayName)
            if chain.steps.isEmpty, let reason = hidden[chain.organization.key] {
                lines.append("  not known: " + reason)
                continue
            }
            if chain.steps.isEmpty {
                lines.append(
                    "  no credential: run 'ado-accounts login --organization \(chain.organization.canonicalURL)' or 'ado-accounts az-login'"
                )
                continue
            }
            var table = Table()
            for (index, step) in chain.steps.enumerated() {
                table.append(["\(index + 1)", describe(step.link), describe(step)])
            }
            lines.append(table.rendered(indent: "  "))
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ link: CredentialChain.Link) -> String {
        switch link {
        case .azureCLI(let account):
            "Azure CLI: \(Printable.sanitized(account.userName, limit: 60)) (tenant \(account.tenantID.prefix(8)))"
        case .environment(let variable): variable
        case .organization(let store): "own PAT (\(store.rawValue))"
        case .defaultCredential(let store): "default credential (\(store.rawValue))"
        }
    }

    static func describe(_ step: CredentialChain.Step) -> String {
        let identity =
            step.verification?.identity.map {
                ", signs in as \(Printable.sanitized($0.name))"
            } ?? ""
        // A PAT the service refused is still the one az sends: say so where it stands.
        var refusal = ""
        if let verification = step.verification, !verification.isValid {
            if case .azureCLI = step.link {
            } else {
                refusal =
                    "; \(verification.label): \(Printable.sanitized(verification.reason ?? "", limit: 80))"
            }
        }
        switch step.standing {
        case .applies: return "applies" + identity + refusal
        case .triedFirst: return "tried first: used if the organization accepts it (check with --check)"
        case .fallback: return "applies if the Azure CLI token is refused" + identity + refusal
        case .shadowed: return "shadowed"
        case .refused(let reason): return "refused (\(Printable.sanitized(reason, limit: 80))); az moves on"
        }
    }
}

/// `status --json`, documented in the README.
struct StatusJSON: Encodable {
    struct AzureCLIJSON: Encodable {
        let installed: Bool
        let executable: String?
        let signedIn: Bool
        let accounts: [AzureAccount]
        let problem: String?
    }
    struct StepJSON: Encodable {
        let credential: CredentialChain.Link.Kind
        let account: String?
        let tenantID: String?
        let variable: String?
        let store: String?
        let standing: CredentialChain.Standing.Kind
        let reason: String?
        let identity: Identity?
        /// The check's result, with --check: valid, expired, rejected, unreachable, unexpected.
        let check: String?
    }
    struct OrganizationJSON: Encodable {
        let organization: String
        let applies: CredentialChain.Link.Kind?
        let chain: [StepJSON]
    }

    /// The organization az devops picks in the current directory, and why (the remote only
    /// when a git remote decided).
    struct HereJSON: Encodable {
        let organization: String?
        let source: String?
        let remote: String?
        let remoteURL: String?
    }

    let azureCLI: AzureCLIJSON
    let organizations: [OrganizationJSON]
    let here: HereJSON?

    init(azure: AzureCLIState, chains: [CredentialChain], here resolution: OrganizationResolution? = nil) {
        here = resolution.map { resolution in
            var remote: RepositoryContext?
            if case .gitRemote(let context) = resolution.source { remote = context }
            return HereJSON(
                organization: resolution.organization?.canonicalURL, source: resolution.label,
                remote: remote?.remoteName, remoteURL: remote?.remoteURL)
        }
        azureCLI = AzureCLIJSON(
            installed: azure.isInstalled, executable: azure.executable, signedIn: azure.isSignedIn,
            accounts: azure.accounts,
            problem: azure.problem)
        organizations = chains.map { chain in
            OrganizationJSON(
                organization: chain.organization.canonicalURL, applies: chain.applying?.kind,
                chain: chain.steps.map(Self.step))
        }
    }

    static func step(_ step: CredentialChain.Step) -> StepJSON {
        var account: AzureAccount?
        var variable: String?
        var store: String?
        switch step.link {
        case .azureCLI(let value): account = value
        case .environment(let value): variable = value
        case .organization(let value), .defaultCredential(let value): store = value.rawValue
        }
        var reason: String?
        if case .refused(let why) = step.standing { reason = why }
        return StepJSON(
            credential: step.link.kind, account: account?.userName, tenantID: account?.tenantID,
            variable: variable,
            store: store, standing: step.standing.kind, reason: reason ?? step.verification?.reason,
            identity: step.verification?.identity, check: step.verification?.label)
    }
}
