import CredentialCore

/// `n`, `R` and `X`: the PAT lifecycle through the service's API, with the Azure CLI's sign-in.
/// Each key acts on the current row's organization; where the core says it cannot (no sign-in,
/// no API, no linked token), the footer leaves the key out and pressing it says why. Nothing
/// here ever holds a token's value: the core stores a new one and answers with its entry only.
extension Model {
    /// What `n`, `R` and `X` ask of the core's rule.
    static func patAction(_ command: Command) -> AccountList.PATAction? {
        switch command {
        case .createPAT: .create
        case .changePAT: .change
        case .revokePAT: .revoke
        default: nil
        }
    }

    /// Why the command cannot act on the current row now; nil when it can.
    func patBlocker(for command: Command) -> AccountList.PATBlocker? {
        guard let action = Self.patAction(command) else { return nil }
        guard let list, let row = currentRow else { return .notAnOrganization }
        return list.patBlocker(action, for: row.key, azure: azure)
    }

    mutating func performPAT(_ command: Command, effects: inout [Effect]) {
        switch command {
        case .renewPAT, .rotatePAT:
            guard case .choosePATChange(let target) = overlay else { return }
            overlay = nil
            operationsInFlight += 1
            let name = Names.shown(target.organization)
            if command == .renewPAT {
                status = Status("Renewing the PAT of \(name)\(glyphs.ellipsis)")
                effects.append(.renewPAT(target.organization, days: nil))
            } else {
                status = Status("Rotating the PAT of \(name)\(glyphs.ellipsis)")
                effects.append(.rotatePAT(target.organization))
            }
            return
        default:
            break
        }
        guard let row = currentRow else { return }
        if let blocker = patBlocker(for: command) {
            status = Status(explanation(of: blocker, command, row), .warning)
            return
        }
        guard let organization = OrganizationURL(key: row.key) else { return }
        let target = PATTarget(organization: organization, token: list?.record(for: row.key).token)
        switch command {
        case .createPAT:
            operationsInFlight += 1
            status = Status("Creating a PAT for \(Names.shown(organization))\(glyphs.ellipsis)")
            effects.append(.createPAT(organization))
        case .changePAT: overlay = .choosePATChange(target)
        case .revokePAT: overlay = .confirmPATRevoke(target)
        default: break
        }
    }

    mutating func revokePAT(_ target: PATTarget, effects: inout [Effect]) {
        overlay = nil
        operationsInFlight += 1
        status = Status("Revoking the PAT of \(Names.shown(target.organization))\(glyphs.ellipsis)")
        effects.append(.revokePAT(target.organization))
    }

    mutating func declinePAT() {
        let wasRevoke = if case .confirmPATRevoke = overlay { true } else { false }
        overlay = nil
        status = Status(wasRevoke ? "Nothing was revoked." : "The PAT was left as it is.")
    }

    mutating func finishPAT(
        _ organization: OrganizationURL, _ result: Result<PATOutcome, CredentialError>,
        effects: inout [Effect]
    ) {
        operationsInFlight = max(0, operationsInFlight - 1)
        let name = Names.shown(organization)
        switch result {
        case .failure(let error):
            status = Status(error.screenText, .error)
        case .success(.created(let change)):
            let identity = change.identity.map { " (it signs in as \(Names.identity($0)))" } ?? ""
            status = Self.withWarnings(
                "Created \(Names.token(change.token)) for \(name), valid until \(change.token.expiryDay), and stored it\(identity).",
                change.warnings)
        case .success(.renewed(let token)):
            status = Status("Renewed \(Names.token(token)): valid until \(token.expiryDay).", .success)
        case .success(.rotated(let change)):
            let revoked = change.revoked == nil ? "" : ", and revoked the old one"
            status = Self.withWarnings(
                "Stored the new \(Names.token(change.token)) for \(name), valid until \(change.token.expiryDay)\(revoked).",
                change.warnings)
        case .success(.revoked(let token, let logout, let alreadyGone)):
            var text =
                alreadyGone
                ? "The service no longer had \(Names.token(token)); removed it here."
                : "Revoked \(Names.token(token)) and removed it here."
            if logout.clearedDefaultOrganization { text += " The default organization was cleared." }
            status = Status(text, .success)
        }
        effects.append(beginLoad())
    }

    private static func withWarnings(_ text: String, _ warnings: [String]) -> Status {
        warnings.isEmpty
            ? Status(text, .success) : Status(([text] + warnings).joined(separator: " "), .warning)
    }

    /// One line: why the key does nothing here, and what would make it work.
    func explanation(of blocker: AccountList.PATBlocker, _ command: Command, _ row: AccountList.Row) -> String
    {
        let key = Keymap.footerName(of: command, in: .list, glyphs) ?? "This key"
        let name = Names.table(row)
        switch blocker {
        case .notAnOrganization:
            return
                "\(key) acts on an organization's PAT; \(row.isDefaultCredential ? "the default credential" : name) is not an organization."
        case .noLifecycleAPI:
            return
                "\(key) needs Azure DevOps Services' PAT lifecycle API, which \(name) does not have: paste a PAT with a instead."
        case .notSignedIn:
            let signIn = Keymap.footerName(of: .signInToAzureCLI, in: .list, glyphs) ?? "L"
            return "\(key) needs an Azure CLI sign-in: press \(signIn) to sign in."
        case .azureCLINotInstalled:
            return "\(key) needs the Azure CLI (az), which is not on PATH. \(AzureCLI.installHint)"
        case .noToken:
            let create = Keymap.footerName(of: .createPAT, in: .list, glyphs) ?? "n"
            return "\(key) needs a stored token, and \(name) has none: \(create) creates one."
        case .notLinked:
            return
                "\(key) needs a token ado-accounts made or you linked: ado-accounts pat link --organization \(Names.compact(row)) --name NAME"
        }
    }
}

/// The organization `R` or `X` acts on, and the entry of its stored PAT as remembered (its name
/// and expiry, for the question).
public struct PATTarget: Equatable, Sendable {
    public let organization: OrganizationURL
    public let token: ServiceTokenInfo?
}

/// What the PAT lifecycle did, as the core answered: the token's entry, never its value.
public enum PATOutcome: Sendable {
    case created(AccountManager.PATChange)
    case renewed(ServiceTokenInfo)
    case rotated(AccountManager.PATChange)
    case revoked(ServiceTokenInfo, AccountManager.LogoutResult, alreadyGone: Bool)
}

extension Names {
    /// 'laptop', as the service names the token; "the PAT" when it has no name.
    static func token(_ token: ServiceTokenInfo) -> String {
        token.name.map { "'\(Printable.sanitized($0, limit: 80))'" } ?? "the PAT"
    }

    /// 'laptop', valid until 2026-12-16: what is known of a stored PAT.
    static func tokenSummary(_ token: ServiceTokenInfo?) -> String {
        guard let token else { return "its PAT (name and expiry not known here)" }
        return "\(Self.token(token)), valid until \(token.expiryDay)"
    }
}
