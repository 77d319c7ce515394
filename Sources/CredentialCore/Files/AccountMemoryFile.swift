#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `ado-accounts.state` (docs/storage.md §11): INI, which az's tools and people can read, and
/// which the parser that reads az's own files already handles on every start-up.
///
/// ```ini
/// [use]
/// previous = https://dev.azure.com/contoso
///
/// [credential azdevops-cli:https://dev.azure.com/fabrikam]
/// stored = 2026-12-06T22:00:00Z
/// checked = 2026-12-06T22:10:00Z
/// outcome = valid
/// identity = Ada Lovelace
/// email = ada@fabrikam.example
/// authorization = 6f1c…
/// expires = 2027-01-05T00:00:00Z
///
/// [organization https://dev.azure.com/fabrikam]
/// project = Web
/// used = 2026-12-06T22:00:00Z
/// ```
///
/// Values are escaped as az's `config` escapes them (`%%`); what the service sends (names,
/// scopes) is written on one line with control characters removed, so that no value can start
/// a section or an entry of its own.
enum AccountMemoryFile {
    static let credentialSection = "credential "
    static let organizationSection = "organization "

    static func parse(_ bytes: [UInt8]) -> AccountMemory {
        var memory = AccountMemory()
        for section in INIDocument(parsing: bytes).sections {
            var values: [String: String] = [:]
            for case .entry(let entry) in section.lines {
                values[entry.name] = DevOpsConfig.interpolated(entry.value)
            }
            if section.name == "use" {
                memory.previousOrganization = values["previous"].flatMap { $0.isEmpty ? nil : $0 }
            } else if section.name.hasPrefix(credentialSection),
                let key = CredentialKey(stored: section.name.dropFirst(credentialSection.count))
            {
                memory[credential: key] = credentialRecord(values)
            } else if section.name.hasPrefix(organizationSection),
                case let url = String(section.name.dropFirst(organizationSection.count)), !url.isEmpty
            {
                let key = CredentialKey(organizationKey: url)
                memory[organization: key] = OrganizationRecord(
                    lastProject: values["project"].flatMap { $0.isEmpty ? nil : $0 },
                    usedAt: values["used"].flatMap(Timestamp.parse))
            }
        }
        return memory
    }

    private static func credentialRecord(_ values: [String: String]) -> CredentialRecord {
        func text(_ name: String) -> String? { values[name].flatMap { $0.isEmpty ? nil : $0 } }
        func date(_ name: String) -> Date? { values[name].flatMap(Timestamp.parse) }
        var token: ServiceTokenInfo?
        if let authorization = text("authorization") {
            token = ServiceTokenInfo(
                authorizationID: authorization, name: text("token-name"), scope: text("scope"),
                validFrom: date("valid-from"), validTo: date("expires"),
                targetAccounts: text("organizations").map {
                    $0 == "*" ? nil : $0.split(separator: " ").map(String.init)
                } ?? nil)
        }
        return CredentialRecord(
            storedAt: date("stored"), checkedAt: date("checked"),
            outcome: text("outcome").flatMap(CheckOutcome.init(rawValue:)),
            displayName: text("identity"), email: text("email"), token: token)
    }

    static func render(_ memory: AccountMemory) -> [UInt8] {
        var lines = ["# ado-accounts' own notes (never a secret); az devops ignores this file."]
        func section(_ name: String, _ entries: [(String, String?)]) {
            let present = entries.compactMap { entry in entry.1.map { (entry.0, $0) } }
            guard !present.isEmpty else { return }
            lines.append("")
            lines.append("[\(oneLine(name))]")
            for (name, value) in present { lines.append("\(name) = \(DevOpsConfig.escaped(oneLine(value)))") }
        }
        section("use", [("previous", memory.previousOrganization)])
        for key in CredentialKey.sorted(memory.credentials.keys) {
            let record = memory.credentials[key]!
            let token = record.token
            section(
                credentialSection + key.rawValue,
                [
                    ("stored", record.storedAt.map(Timestamp.format)),
                    ("checked", record.checkedAt.map(Timestamp.format)),
                    ("outcome", record.outcome?.rawValue),
                    ("identity", record.displayName),
                    ("email", record.email),
                    ("authorization", token?.authorizationID),
                    ("token-name", token?.name),
                    ("scope", token?.scope),
                    ("valid-from", token?.validFrom.map(Timestamp.format)),
                    ("expires", token?.validTo.map(Timestamp.format)),
                    ("organizations", token.map { $0.targetAccounts?.joined(separator: " ") ?? "*" }),
                ])
        }
        for key in CredentialKey.sorted(memory.organizations.keys) {
            let record = memory.organizations[key]!
            section(
                organizationSection + (key.organizationURL ?? key.rawValue),
                [("project", record.lastProject), ("used", record.usedAt.map(Timestamp.format))])
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// One line without control characters or surrounding spaces: what configparser and our
    /// parser read back as the same value.
    static func oneLine(_ text: String) -> String {
        let cleaned = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
        return cleaned.trimmingSpaces()
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var view = Substring(self)
        while view.first?.isWhitespace == true { view.removeFirst() }
        while view.last?.isWhitespace == true { view.removeLast() }
        return String(view)
    }
}
