import CredentialCore

/// `verify`'s table, printed a row at a time as answers arrive: so every column but the last
/// two has a width known before the first answer (the organizations, the few result words, the
/// longest latency the timeout allows, the token's few sources). A valid row's identity and a
/// failed row's reason never share a row, so each may run past its column.
struct VerifyTable {
    let widths: [Int]
    let count: Int

    static let headers = ["ORGANIZATION", "RESULT", "LATENCY", "TOKEN", "IDENTITY", "REASON"]
    /// A valid row's identity is its last cell: only a failed row pads it, to align its reason.
    static let identityWidth = 20

    init(organizations: [OrganizationURL], context: CommandContext, timeout: Double) {
        count = organizations.count
        let variables = ["AZURE_DEVOPS_EXT_PAT", "AZURE_DEVOPS_CLI_PAT"].filter {
            !(context.environment[$0] ?? "").isEmpty
        }
        let columns: [[String]] = [
            organizations.map(\.displayName),
            ["valid", "rejected", "unreachable", "unexpected", "noToken", "error"],
            [Self.latency(milliseconds: Int(timeout * 1000))],
            ["own token", "default credential"] + variables,
            [String(repeating: " ", count: Self.identityWidth)],
        ]
        widths = zip(Self.headers, columns).map { header, cells in
            max(header.count, cells.map(\.count).max() ?? 0)
        }
    }

    var header: String { render(Self.headers) }

    func row(_ check: AccountManager.Check) -> String {
        let result = VerifyJSON.Result(check)
        return render([
            check.organization.displayName, result.result,
            result.latencyMilliseconds.map(Self.latency) ?? "-",
            Self.token(check.outcome),
            result.identity.map { Printable.sanitized($0.name) } ?? "",
            result.reason.map { Self.phrase(Printable.sanitized($0)) } ?? "",
        ])
    }

    /// The TOKEN column: the credential used, from the check's own value.
    static func token(_ outcome: AccountManager.Check.Outcome) -> String {
        guard case .verified(_, let source) = outcome else { return "-" }
        switch source {
        case .environment(let variable): return variable
        case .organization: return "own token"
        case .defaultCredential: return "default credential"
        }
    }

    /// What the progress line says while answers are awaited.
    func waiting(answered: Int) -> String {
        count == 1 ? "Checking…" : "Checking \(count) organizations: \(answered) answered…"
    }

    private func render(_ cells: [String]) -> String {
        var line = ""
        for (index, cell) in cells.enumerated() {
            line +=
                index < widths.count
                ? cell + String(repeating: " ", count: max(0, widths[index] - cell.count) + 2) : cell
        }
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }

    static func latency(milliseconds: Int) -> String { "\(milliseconds) ms" }

    /// A reason short enough for a table: libcurl's own wording, which the verifier gives in
    /// parentheses after its phrase ("could not connect (Failed to connect to … after 0 ms:
    /// Couldn't connect to server)"), is left to --json.
    static func phrase(_ reason: String) -> String {
        guard let open = reason.firstRange(of: " ("), reason.hasSuffix(")") else { return reason }
        return String(reason[..<open.lowerBound])
    }
}
