import ArgumentParser
import CredentialCore

struct Doctor: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that the index, the keyring, the file and the default organization agree.",
        discussion: """
            Reports organization_list lines without a token, tokens missing from \
            organization_list, duplicate keyring items, a token file readable by others or with \
            other names (hard links), a default organization without a token, a token stored in \
            both the keyring and the file (with the same or different values), and directories or \
            a lock file that are not safe to write through (nothing is written then). Then writes, \
            reads and deletes a test token in each store.

            --fix repairs what cannot lose a token (index lines, duplicate keyring items with the \
            same token, the file's mode, a second identical copy) and says what it did. Different \
            tokens for one organization are only reported: log in again to choose.

            Also reports a keyring that exists but cannot be used now (locked, not answering), \
            and where az devops evidently keeps its tokens: python-keyring configured with no \
            keyring (PYTHON_KEYRING_BACKEND or keyringrc.cfg) means the file.

            Warns about a stored token that the service said expires within 7 days (--warn-days, \
            or ADO_ACCOUNTS_EXPIRY_WARNING_DAYS) or has expired, from what is remembered; a \
            warning that does not change the exit status.

            Exit status: 0 when nothing is left to fix, 1 when problems remain, 5 when a store \
            fails the round trip or the keyring cannot be used.

            Examples:
              ado-accounts doctor
              ado-accounts doctor --fix
              ado-accounts doctor --json
            """)

    @OptionGroup var storeOption: StoreOption

    @Flag(help: "Repair what is safe to repair.")
    var fix = false

    @Flag(help: "Print JSON (the schema is in the README).")
    var json = false

    @OptionGroup var expiry: ExpiryWarningOption

    func run(context: CommandContext) throws(CredentialError) -> ExitStatus {
        let manager = try storeOption.manager(context)
        let warnDays = try expiry.days(manager)
        let report = try manager.doctor(fix: fix)
        // A listing that cannot be read is among the report's findings; the expiry waits for it.
        let expiring =
            (try? manager.accounts())?.expiryWarnings(
                now: manager.now(), withinDays: warnDays,
                azureSignedIn: AzureCLI(environment: manager.environment).state().isSignedIn
            ).map(\.commandLineText) ?? []
        if json {
            context.print(try JSONText.encode(DoctorJSON(report, expiring: expiring)))
        } else {
            context.warnings(expiring)
            let stores = report.stores.map { store in
                "\(store.kind.rawValue) (\(Printable.sanitized(store.location)))\(store.kind == report.writeKind ? ", new tokens go here" : "")"
            }
            context.note("Stores: " + stores.joined(separator: "; ") + ".")
            if let why = report.keyringUnavailable { context.note("Keyring not in use: \(why).") }
            for note in report.notes { context.note(note) }
            for finding in report.findings {
                if let fix = finding.fix {
                    context.note("fixed: \(finding.message) (\(fix))")
                } else {
                    context.warning(
                        finding.message + (finding.isFixable ? " ('doctor --fix' repairs this)" : ""))
                }
            }
            for trip in report.roundTrips where trip.error == nil {
                if let why = trip.skipped {
                    context.note("Skipped the \(trip.store.rawValue)'s write, read and delete test: \(why).")
                } else {
                    context.note("The \(trip.store.rawValue) passed a write, read and delete test.")
                }
            }
            if report.isHealthy {
                context.note(report.findings.isEmpty ? "No problems found." : "Everything found was fixed.")
            }
        }
        if report.roundTrips.contains(where: { $0.error != nil })
            || report.remaining.contains(where: { $0.kind == .keyringUnreadable })
        {
            return .storage
        }
        return report.isHealthy ? .success : .notFound
    }
}

/// `doctor --json`, documented in the README.
struct DoctorJSON: Encodable {
    struct Store: Encodable {
        let kind: String
        let location: String
        let receivesNewTokens: Bool
    }
    struct Finding: Encodable {
        let kind: String
        let key: String?
        let organization: String?
        let message: String
        let fixable: Bool
        let fixed: String?

        enum CodingKeys: String, CodingKey { case kind, key, organization, message, fixable, fixed }

        // Absent values are written as null, so every field is always there.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(key, forKey: .key)
            try container.encode(organization, forKey: .organization)
            try container.encode(message, forKey: .message)
            try container.encode(fixable, forKey: .fixable)
            try container.encode(fixed, forKey: .fixed)
        }
    }
    struct RoundTrip: Encodable {
        let store: String
        let ok: Bool
        let error: String?
        let skipped: String?

        enum CodingKeys: String, CodingKey { case store, ok, error, skipped }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(store, forKey: .store)
            try container.encode(ok, forKey: .ok)
            try container.encode(error, forKey: .error)
            try container.encode(skipped, forKey: .skipped)
        }
    }

    let healthy: Bool
    let stores: [Store]
    let keyringUnavailable: String?
    struct PythonKeyring: Encodable {
        let backend: String
        let origin: String
        let kind: String
    }

    let findings: [Finding]
    let roundTrips: [RoundTrip]
    let notes: [String]
    let pythonKeyring: PythonKeyring?
    /// Stored tokens that expire within the warning's days or have expired (one line each).
    let expiring: [String]

    enum CodingKeys: String, CodingKey {
        case healthy, stores, keyringUnavailable, findings, roundTrips, notes, pythonKeyring, expiring
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(healthy, forKey: .healthy)
        try container.encode(stores, forKey: .stores)
        try container.encode(keyringUnavailable, forKey: .keyringUnavailable)
        try container.encode(findings, forKey: .findings)
        try container.encode(roundTrips, forKey: .roundTrips)
        try container.encode(notes, forKey: .notes)
        try container.encode(pythonKeyring, forKey: .pythonKeyring)
        try container.encode(expiring, forKey: .expiring)
    }

    init(_ report: DoctorReport, expiring: [String] = []) {
        self.expiring = expiring
        healthy = report.isHealthy
        stores = report.stores.map {
            Store(
                kind: $0.kind.rawValue, location: $0.location, receivesNewTokens: $0.kind == report.writeKind)
        }
        keyringUnavailable = report.keyringUnavailable
        findings = report.findings.map {
            Finding(
                kind: $0.kind.rawValue, key: $0.key?.rawValue, organization: $0.key?.organizationURL,
                message: $0.message,
                fixable: $0.isFixable, fixed: $0.fix)
        }
        notes = report.notes
        pythonKeyring = report.pythonKeyring.map {
            PythonKeyring(backend: $0.name, origin: $0.origin, kind: $0.kind.rawValue)
        }
        roundTrips = report.roundTrips.map {
            RoundTrip(
                store: $0.store.rawValue, ok: $0.error == nil && $0.skipped == nil, error: $0.error,
                skipped: $0.skipped)
        }
    }
}
