#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// How both front ends word what ado-accounts remembers: the age of a check ("2 h ago"), the
/// days a token has left ("in 12 d", "expired"), and what to do about an expired token. One
/// place, so that `list`, `status`, `doctor`, `verify` and the screen say the same thing.
public enum RememberedWords {
    /// "just now", "5 min ago", "2 h ago", "3 d ago"; a time in the future (a clock set back) is
    /// "just now".
    public static func age(of date: Date, now: Date) -> String {
        let seconds = Int(now.timeIntervalSince(date).rounded(.down))
        switch seconds {
        case ..<60: return "just now"
        case ..<3600: return "\(seconds / 60) min ago"
        case ..<86_400: return "\(seconds / 3600) h ago"
        default: return "\(seconds / 86_400) d ago"
        }
    }

    /// Whole days until `date`, rounded down: 0 within the last day, negative once it has passed.
    public static func daysLeft(until date: Date, now: Date) -> Int {
        Int((date.timeIntervalSince(now) / 86_400).rounded(.down))
    }

    /// "in 12 d", "today" (less than a day left), "expired".
    public static func expiry(_ date: Date, now: Date) -> String {
        guard date > now else { return "expired" }
        let days = daysLeft(until: date, now: now)
        return days == 0 ? "today" : "in \(days) d"
    }

    /// The last check as a state: "valid, 2 h ago"; nil when there was none.
    public static func state(_ record: CredentialRecord, now: Date) -> String? {
        guard let outcome = record.outcome else { return nil }
        guard let checkedAt = record.checkedAt else { return outcome.rawValue }
        return "\(outcome.rawValue), \(age(of: checkedAt, now: now))"
    }

    /// Who the token signed in as: the display name, the e-mail when `preferEmail` (two rows
    /// with the same name) or when there is no name.
    public static func identity(_ record: CredentialRecord, preferEmail: Bool = false) -> String? {
        let name = record.displayName.map { Printable.sanitized($0, limit: 80) }
        let email = record.email.map { Printable.sanitized($0, limit: 80) }
        return preferEmail ? email ?? name : name ?? email
    }

    /// The warning for a stored token that expires within the threshold or has expired, with
    /// what to do about it as a hint for the front end to word; nil otherwise.
    public static func expiryWarning(
        for credential: CredentialKey, expires: Date, now: Date, withinDays threshold: Int,
        azureSignedIn: Bool
    ) -> CredentialError? {
        let days = daysLeft(until: expires, now: now)
        let hint = CredentialError.Hint.renewOrReplaceToken(credential, canRenew: azureSignedIn)
        let date = String(Timestamp.format(expires).prefix(10))
        let token = credential.spokenToken.prefix(1).uppercased() + credential.spokenToken.dropFirst()
        if expires <= now { return .init(.rejected, "\(token) expired on \(date).", hint: hint) }
        guard days <= threshold else { return nil }
        let left = days == 0 ? "today" : days == 1 ? "in 1 day" : "in \(days) days"
        return .init(.rejected, "\(token) expires \(left) (\(date)).", hint: hint)
    }

    /// What to do about a token a check found expired, for the front end to word.
    public static func expiredHint(for check: AccountManager.Check, azureSignedIn: Bool) -> CredentialError
        .Hint?
    {
        guard case .verified(.expired, _) = check.outcome else { return nil }
        return .renewOrReplaceToken(check.credential ?? check.organization.key, canRenew: azureSignedIn)
    }
}

/// When `status` and `doctor` warn about a token's expiry: within 7 days unless `--warn-days` or
/// `ADO_ACCOUNTS_EXPIRY_WARNING_DAYS` says otherwise.
public enum ExpiryWarning {
    public static let variable = "ADO_ACCOUNTS_EXPIRY_WARNING_DAYS"
    public static let defaultDays = 7

    public static func days(explicit: Int?, environment: Environment) throws(CredentialError) -> Int {
        if let explicit { return explicit }
        guard let text = environment[variable], !text.isEmpty else { return defaultDays }
        guard let days = Int(text), days >= 0, days <= 3650 else {
            throw .invalidInput(
                "\(variable) must be a number of days from 0 to 3650, not \(Printable.quoted(text)).")
        }
        return days
    }
}

extension CredentialRecord {
    /// Display names these records share with different e-mails.
    public static func ambiguousDisplayNames(in records: some Sequence<CredentialRecord>) -> Set<String> {
        var firstEmail: [String: String] = [:]
        var ambiguous: Set<String> = []
        for record in records {
            guard let name = record.displayName else { continue }
            let email = record.email ?? ""
            if let seen = firstEmail[name] {
                if seen != email { ambiguous.insert(name) }
            } else {
                firstEmail[name] = email
            }
        }
        return ambiguous
    }

    /// Whether there is something to show beside the token: a check, who it signed in as, when
    /// it expires (when it was stored alone is not).
    public var hasNews: Bool {
        outcome != nil || displayName != nil || email != nil || token?.validTo != nil
    }
}

extension AccountList {
    /// Display names that two rows' tokens share with different e-mails: there the e-mail tells
    /// them apart.
    public var ambiguousDisplayNames: Set<String> {
        CredentialRecord.ambiguousDisplayNames(in: rows.lazy.map { record(for: $0.key) })
    }

    /// One warning per stored token that the service said expires within `days`, or that has
    /// expired, from what is remembered (nothing is contacted).
    public func expiryWarnings(now: Date, withinDays days: Int, azureSignedIn: Bool) -> [CredentialError] {
        rows.compactMap { row in
            guard row.hasToken, let expires = record(for: row.key).token?.validTo else { return nil }
            return RememberedWords.expiryWarning(
                for: row.key, expires: expires, now: now, withinDays: days, azureSignedIn: azureSignedIn)
        }
    }
}
