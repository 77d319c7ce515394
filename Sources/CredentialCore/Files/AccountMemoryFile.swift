#if canImport(Glibc)
    import Glibc
#endif
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
/// [notices]
/// store = No Secret Service on the session bus: tokens go to the file …
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
    static let credentialSection: StaticString = "credential "
    static let organizationSection: StaticString = "organization "

    /// Read on bytes, line by line, as we write it: `list` reads it on every start-up, and a
    /// general INI parse of a hundred records cost as much as the rest of the listing.
    static func parse(_ bytes: [UInt8]) -> AccountMemory {
        bytes.withUnsafeBufferPointer { parse(buffer: $0) }
    }

    private static func parse(buffer bytes: UnsafeBufferPointer<UInt8>) -> AccountMemory {
        var memory = AccountMemory()
        var section = Section.none
        var record = CredentialRecord()
        var token = TokenFields()
        var organization = OrganizationRecord()

        func finish() {
            switch section {
            case .credential(let key):
                record.token = token.info
                memory[credential: key] = record
            case .organization(let key): memory[organization: key] = organization
            case .use, .notices, .none, .other: break
            }
            record = CredentialRecord()
            token = TokenFields()
            organization = OrganizationRecord()
        }
        func text(_ range: Range<Int>) -> String {
            let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            return bytes[range].contains(UInt8(ascii: "%")) ? DevOpsConfig.interpolated(value) : value
        }
        func date(_ range: Range<Int>) -> Date? {
            Timestamp.parse(buffer: UnsafeBufferPointer(rebasing: bytes[range]))
        }

        var position = 0
        while position < bytes.count {
            var end = position
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") {
                end += 1
            }
            let line = trimmed(position..<end, in: bytes)
            position = end + 1
            guard !line.isEmpty, bytes[line.lowerBound] != UInt8(ascii: "#"),
                bytes[line.lowerBound] != UInt8(ascii: ";")
            else { continue }
            if bytes[line.lowerBound] == UInt8(ascii: "["), bytes[line.upperBound - 1] == UInt8(ascii: "]") {
                finish()
                section = Section(header: line.lowerBound + 1..<line.upperBound - 1, in: bytes)
                continue
            }
            guard let equals = bytes[line].firstIndex(of: UInt8(ascii: "=")) else { continue }
            let value = trimmed(equals + 1..<line.upperBound, in: bytes)
            guard !value.isEmpty else { continue }
            let name = trimmed(line.lowerBound..<equals, in: bytes)
            func named(_ literal: StaticString) -> Bool { equal(name, literal, in: bytes) }
            switch section {
            case .use:
                if named("previous") { memory.previousOrganization = text(value) }
            case .notices:
                if named("store") { memory.shownStoreNotice = text(value) }
            case .credential:
                if named("stored") {
                    record.storedAt = date(value)
                } else if named("checked") {
                    record.checkedAt = date(value)
                } else if named("outcome") {
                    record.outcome = CheckOutcome(rawValue: text(value))
                } else if named("identity") {
                    record.displayName = text(value)
                } else if named("email") {
                    record.email = text(value)
                } else if named("fingerprint") {
                    record.tokenFingerprint = text(value)
                } else if named("pending-authorization") {
                    record.pendingAuthorizationID = text(value)
                } else if named("pending-fingerprint") {
                    record.pendingFingerprint = text(value)
                } else if named("authorization") {
                    token.authorizationID = text(value)
                } else if named("token-name") {
                    token.name = text(value)
                } else if named("scope") {
                    token.scope = text(value)
                } else if named("valid-from") {
                    token.validFrom = date(value)
                } else if named("expires") {
                    token.validTo = date(value)
                } else if named("organizations") {
                    let list = text(value)
                    token.allOrganizations = list == "*"
                    token.targetAccounts = list == "*" ? nil : list.split(separator: " ").map(String.init)
                }
            case .organization:
                if named("project") {
                    organization.lastProject = text(value)
                } else if named("used") {
                    organization.usedAt = date(value)
                }
            case .none, .other: break
            }
        }
        finish()
        return memory
    }

    private enum Section {
        case none, use, notices, other
        case credential(CredentialKey)
        case organization(CredentialKey)

        init(header range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) {
            func rest(after prefix: StaticString) -> String? {
                let count = prefix.utf8CodeUnitCount
                guard range.count > count,
                    equal(range.lowerBound..<range.lowerBound + count, prefix, in: bytes)
                else { return nil }
                return String(
                    decoding: UnsafeBufferPointer(
                        rebasing: bytes[range.lowerBound + count..<range.upperBound]), as: UTF8.self)
            }
            if equal(range, "use", in: bytes) {
                self = .use
            } else if equal(range, "notices", in: bytes) {
                self = .notices
            } else if let key = rest(after: AccountMemoryFile.credentialSection).flatMap(
                CredentialKey.init(stored:))
            {
                self = .credential(key)
            } else if let url = rest(after: AccountMemoryFile.organizationSection) {
                self = .organization(CredentialKey(organizationKey: url))
            } else {
                self = .other
            }
        }
    }

    private static func equal(
        _ range: Range<Int>, _ literal: StaticString, in bytes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        range.count == literal.utf8CodeUnitCount
            && memcmp(bytes.baseAddress! + range.lowerBound, literal.utf8Start, range.count) == 0
    }

    /// The service's fields of a credential section, which make a `ServiceTokenInfo` only with
    /// an authorization id.
    private struct TokenFields {
        var authorizationID: String?
        var name: String?
        var scope: String?
        var validFrom: Date?
        var validTo: Date?
        var targetAccounts: [String]?
        var allOrganizations = false

        var info: ServiceTokenInfo? {
            authorizationID.map {
                ServiceTokenInfo(
                    authorizationID: $0, name: name, scope: scope, validFrom: validFrom, validTo: validTo,
                    targetAccounts: allOrganizations ? nil : targetAccounts)
            }
        }
    }

    private static func trimmed(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, bytes[lower] == UInt8(ascii: " ") || bytes[lower] == UInt8(ascii: "\t") {
            lower += 1
        }
        while upper > lower, bytes[upper - 1] == UInt8(ascii: " ") || bytes[upper - 1] == UInt8(ascii: "\t") {
            upper -= 1
        }
        return lower..<upper
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
        section("notices", [("store", memory.shownStoreNotice)])
        for key in CredentialKey.sorted(memory.credentials.keys) {
            let record = memory.credentials[key]!
            let token = record.token
            section(
                "\(credentialSection)" + key.rawValue,
                [
                    ("stored", record.storedAt.map(Timestamp.format)),
                    ("checked", record.checkedAt.map(Timestamp.format)),
                    ("outcome", record.outcome?.rawValue),
                    ("identity", record.displayName),
                    ("email", record.email),
                    ("fingerprint", record.tokenFingerprint),
                    ("pending-authorization", record.pendingAuthorizationID),
                    ("pending-fingerprint", record.pendingFingerprint),
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
                "\(organizationSection)" + (key.organizationURL ?? key.rawValue),
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
