import ArgumentParser
import CredentialCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

struct List: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List stored credentials and the default organization. Never shows a token.",
        discussion: """
            One row per stored organization; '*' marks the default organization. The default \
            credential appears as "any organization"; a default organization without a token \
            appears with "no token". A key az stored that is not an organization URL appears whole, \
            marked "raw key"; 'logout --organization' with that key, or 'logout --all', removes it.

            Once a token has been checked (verify, status --check, a login, the account manager) \
            or the service has said when it expires, IDENTITY, LAST CHECK and EXPIRES show what \
            is remembered, with its age; nothing is contacted.

            Examples:
              ado-accounts list
              ado-accounts list --json | jq '.accounts[].organization'
            """)

    @OptionGroup var storeOption: StoreOption

    @Flag(help: "Print JSON (the schema is in the README).")
    var json = false

    func run(context: CommandContext) throws(CredentialError) -> ExitStatus {
        try ListReport(json: json, store: storeOption.store).run(context: context)
    }
}

/// What `list` does once its arguments are known; `DirectDispatch` runs it without parsing.
struct ListReport {
    let json: Bool
    let store: StorePreference?

    func run(context: CommandContext) throws(CredentialError) -> ExitStatus {
        let manager = try context.manager(store)
        let list = try manager.accounts()
        context.warnings(list.warnings)
        if json {
            context.print(try JSONText.encode(ListJSON(list, now: manager.now())))
            return .success
        }
        guard !list.rows.isEmpty else {
            context.note("No credentials are stored. Log in with: ado-accounts login --organization URL")
            return .success
        }
        var table = Table()
        // The remembered columns only once a check or the service said something: tokens never
        // checked list as before.
        let now = manager.now()
        let records = list.rows.map { list.record(for: $0.key) }
        let remembers = records.contains(where: \.hasNews)
        let ambiguous = remembers ? CredentialRecord.ambiguousDisplayNames(in: records) : []
        table.append(
            ["  ORGANIZATION", "STORE"] + (remembers ? ["IDENTITY", "LAST CHECK", "EXPIRES"] : []) + ["TOKEN"]
        )
        for (row, record) in zip(list.rows, records) {
            let mark = row.isDefaultOrganization ? "* " : "  "
            let name =
                row.isRaw
                ? Printable.sanitized(row.key.rawValue)
                : row.organization.map { Printable.sanitized($0) } ?? "any organization"
            var remembered: [String] = []
            if remembers {
                let preferEmail = record.displayName.map(ambiguous.contains) ?? false
                remembered = [
                    RememberedWords.identity(record, preferEmail: preferEmail) ?? "-",
                    RememberedWords.state(record, now: now) ?? "-",
                    record.token?.validTo.map { RememberedWords.expiry($0, now: now) } ?? "-",
                ]
            }
            table.append([mark + name, row.storeNames] + remembered + [Self.describe(row, in: list)])
        }
        context.print(table.rendered())
        if let project = list.defaultProject {
            context.print("Default project: \(Printable.sanitized(project.value))")
        }
        if let notice = list.environmentOverrideNotice { context.print(notice) }
        let azure = AzureCLI(environment: manager.environment).state()
        if azure.isSignedIn {
            context.print(
                "Azure CLI: signed in as \(azure.summary); az devops tries it before these tokens (see 'ado-accounts status')."
            )
        }
        return .success
    }

    static func describe(_ row: AccountList.Row, in list: AccountList) -> String {
        var notes: [String] = []
        if row.isRaw {
            notes.append("raw key, not an organization URL")
        } else if row.isDefaultCredential {
            notes.append("default credential")
        } else if row.hasToken {
            notes.append("own token")
        } else {
            switch list.tokenSource(for: row.key) {
            case .defaultCredential?: notes.append("no token (uses \(CredentialKey.defaultCredentialName))")
            case .environment(let variable)?: notes.append("no token (uses \(variable))")
            default: notes.append("no token")
            }
        }
        if let warning = row.hostWarning { notes.append(warning + "!") }
        let exposed = list.stores.filter(\.isReadableByOthers).map(\.kind)
        if row.stores.contains(where: exposed.contains) {
            notes.append("readable by others!")
        }
        return notes.joined(separator: ", ")
    }
}

/// `list --json`, documented in the README.
struct ListJSON: Encodable {
    struct Account: Encodable {
        let organization: String?
        let key: String
        let kind: String
        let isDefault: Bool
        let hasToken: Bool
        let stores: [String]
        let indexed: Bool
        /// Where the host could mislead (a look-alike of dev.azure.com, non-ASCII letters): the
        /// real host, as the table's TOKEN column says it.
        let hostWarning: String?
        /// What ado-accounts remembers about the token (absent when nothing is).
        let remembered: Remembered?
    }
    /// Times are ISO 8601 UTC; `daysLeft` is whole days to `expires`, negative once passed.
    struct Remembered: Encodable {
        let storedAt: String?
        let checkedAt: String?
        let lastCheck: String?
        let displayName: String?
        let email: String?
        let authorizationId: String?
        let tokenName: String?
        let scope: String?
        let expires: String?
        let daysLeft: Int?
        let expired: Bool?

        init?(_ record: CredentialRecord, now: Date) {
            guard !record.isEmpty else { return nil }
            storedAt = record.storedAt.map(Timestamp.format)
            checkedAt = record.checkedAt.map(Timestamp.format)
            lastCheck = record.outcome?.rawValue
            displayName = record.displayName
            email = record.email
            authorizationId = record.token?.authorizationID
            tokenName = record.token?.name
            scope = record.token?.scope
            let validTo = record.token?.validTo
            expires = validTo.map(Timestamp.format)
            daysLeft = validTo.map { RememberedWords.daysLeft(until: $0, now: now) }
            expired = validTo.map { $0 <= now }
        }
    }
    struct Setting: Encodable {
        let value: String
        let overriddenBy: String?
    }
    struct Store: Encodable {
        let kind: String
        let location: String
    }

    let configDirectory: String
    let defaultOrganization: Setting?
    let defaultProject: Setting?
    let environmentOverride: String?
    let stores: [Store]
    let accounts: [Account]
    let warnings: [String]

    init(_ list: AccountList, now: Date) {
        configDirectory = list.directory.path
        defaultOrganization = list.defaultOrganization.map {
            Setting(value: $0.value, overriddenBy: $0.overriddenBy)
        }
        defaultProject = list.defaultProject.map { Setting(value: $0.value, overriddenBy: $0.overriddenBy) }
        environmentOverride = list.environmentOverride
        stores = list.stores.map { Store(kind: $0.kind.rawValue, location: $0.location) }
        accounts = list.rows.map { row in
            Account(
                organization: row.isRaw ? nil : row.organization, key: row.key.rawValue,
                kind: row.isDefaultCredential ? "defaultCredential" : row.isRaw ? "raw" : "organization",
                isDefault: row.isDefaultOrganization, hasToken: row.hasToken,
                stores: row.stores.map(\.rawValue),
                indexed: row.isIndexed, hostWarning: row.hostWarning,
                remembered: Remembered(list.record(for: row.key), now: now))
        }
        warnings = list.warnings
    }
}

enum JSONText {
    static func encode(_ value: some Encodable) throws(CredentialError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw CredentialError(.storage, "Cannot write the JSON: \(error).")
        }
        // Names and identities come from servers and files: nothing in them may drive a terminal.
        return Printable.inertJSON(String(decoding: data, as: UTF8.self))
    }
}
