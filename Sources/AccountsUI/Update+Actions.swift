import CredentialCore

/// Default changes, logout and verification: each asks the core, through an effect.
extension Model {
    // MARK: - Default organization

    mutating func makeCurrentDefault(effects: inout [Effect]) {
        guard let row = currentRow else { return }
        if row.isDefaultCredential {
            status = Status(
                "The default credential is not an organization: every organization without a PAT of its own uses it."
            )
            return
        }
        let name = Names.table(row)
        // The row marked default may be so only through an environment variable while the file
        // names another organization: then the file is changed, and the core says so.
        if row.isDefaultOrganization, list?.defaultOrganization?.overriddenBy == nil {
            status = Status("\(name) is already the default organization.")
            return
        }
        guard let organization = OrganizationURL(key: row.key) else {
            status = Status("\(name) is not a URL that can be the default organization.", .error)
            return
        }
        operationsInFlight += 1
        status = Status("Making \(name) the default organization…")
        effects.append(.setDefault(organization))
    }

    mutating func finishDefaultChange(
        _ result: Result<AccountManager.DefaultChange, CredentialError>, effects: inout [Effect]
    ) {
        operationsInFlight = max(0, operationsInFlight - 1)
        switch result {
        case .success(let change):
            let name = Names.short(change.organization.canonicalURL)
            var text =
                change.wasAlreadyDefault
                ? "\(name) is already the default organization" : "\(name) is the default organization now"
            if let source = change.tokenSource {
                text += "; it uses \(source.description)."
            } else {
                text += "; it has no token yet: press a to log in."
            }
            if let project = Self.describe(change.project) { text += " " + project }
            if let variable = change.projectOverriddenBy {
                text += " \(variable) overrides the project while it is set."
            }
            if let variable = change.overriddenBy {
                status = Status(text + " \(variable) overrides it while it is set.", .warning)
            } else {
                status = Status(text, change.tokenSource == nil ? .warning : .success)
            }
        case .failure(let error):
            status = Status(error.screenText, .error)
        }
        effects.append(beginLoad())
    }

    // MARK: - Logout

    /// The marked rows, or the current one when none is marked.
    var logoutTargets: [CredentialKey] {
        guard let list else { return [] }
        if marked.isEmpty { return currentRow.map { [$0.key] } ?? [] }
        return list.rows.map(\.key).filter(marked.contains)
    }

    mutating func askToLogOut() {
        guard let list else { return }
        let targets = logoutTargets
        guard !targets.isEmpty else { return }
        let consequences = list.consequencesOfLogout(targets)
        if consequences.isEmpty {
            status = Status(
                "Nothing is stored for \(Names.list(targets.map(Names.spoken))): there is nothing to log out.",
                .warning)
            return
        }
        overlay = .confirmLogout(
            LogoutConfirmation(consequences: consequences, names: consequences.removed.map(Names.spoken)))
    }

    mutating func logOut(_ confirmation: LogoutConfirmation, effects: inout [Effect]) {
        overlay = nil
        operationsInFlight += 1
        status = Status("Logging out of \(Names.list(confirmation.names))…")
        effects.append(.logout(confirmation.consequences.removed))
    }

    mutating func declineLogout() {
        overlay = nil
        status = Status("Nothing was logged out.")
    }

    mutating func finishLogout(
        _ result: Result<AccountManager.LogoutResult, CredentialError>, effects: inout [Effect]
    ) {
        operationsInFlight = max(0, operationsInFlight - 1)
        switch result {
        case .success(let logout):
            marked.subtract(logout.removed)
            var text = "Logged out of \(Names.list(logout.removed.map(Names.spoken)))."
            if logout.clearedDefaultOrganization { text += " The default organization was cleared." }
            status = Status(text, .success)
        case .failure(let error):
            status = Status(error.screenText, .error)
        }
        effects.append(beginLoad())
    }

    // MARK: - Verification

    mutating func verifyCurrent(effects: inout [Effect]) {
        guard let row = currentRow else { return }
        if row.isRaw {
            status = Status(
                "\(Names.table(row)) is not an organization URL, so it cannot be checked; d logs it out.")
            return
        }
        if row.isDefaultCredential {
            guard let key = list?.defaultOrganizationKey, let organization = OrganizationURL(key: key) else {
                status = Status(
                    "The default credential is checked against the default organization: set one first (u on an organization)."
                )
                return
            }
            checks[row.key] = .checking
            checksInFlight += 1
            tally.total += 1
            effects.append(.verifyDefaultCredential(organization))
            status = Status("Checking the default credential with \(Names.shown(organization))…")
            return
        }
        guard let organization = OrganizationURL(key: row.key) else { return }
        startChecks([organization], effects: &effects)
        status = Status("Checking \(Names.shown(organization))…")
    }

    mutating func verifyAllShown(effects: inout [Effect]) {
        guard let list else { return }
        let organizations = visible.compactMap { index -> OrganizationURL? in
            let row = list.rows[index]
            return row.isDefaultCredential ? nil : OrganizationURL(key: row.key)
        }
        guard !organizations.isEmpty else {
            status = Status("There is no organization to verify.")
            return
        }
        startChecks(organizations, effects: &effects)
        status = Status("Checking \(Names.count(organizations.count, "organization"))…")
    }

    private mutating func startChecks(_ organizations: [OrganizationURL], effects: inout [Effect]) {
        for organization in organizations { checks[organization.key] = .checking }
        checksInFlight += organizations.count
        tally.total += organizations.count
        effects.append(.verify(organizations))
    }

    /// `row`: the row the check is for, when not the organization's (the default credential's).
    mutating func finishCheck(_ check: AccountManager.Check, row: CredentialKey? = nil) {
        let state = RowCheck.finished(check.outcome)
        checks[row ?? check.organization.key] = state
        if let identity = state.identity {
            identityWidth = max(identityWidth, TextWidth.columns(of: identityText(identity)))
        }
        checksInFlight = max(0, checksInFlight - 1)
        tally.counts[state.label, default: 0] += 1
        guard checksInFlight == 0 else { return }
        defer { tally = CheckTally() }
        // While answers arrive the column only widens; once all are in, a re-check that turned
        // valid rows into rejected ones may leave it narrower.
        identityWidth = widestIdentity()
        let isValid = check.outcome.failure == nil
        if tally.total <= 1 {
            let name = row == .defaultCredential ? "The default credential" : Names.shown(check.organization)
            if let identity = state.identity {
                status = Status("\(name): valid, signed in as \(identityText(identity)).", .success)
            } else {
                let reason = state.reason.map { " (\(Printable.sanitized($0)))" } ?? ""
                var text = "\(name): \(state.label)\(reason)."
                // An expired token says what to do about it, as the command line does.
                if let hint = RememberedWords.expiredHint(
                    for: check, azureSignedIn: azure?.isSignedIn ?? false)
                {
                    text = CredentialError(.rejected, text, hint: hint).screenText
                }
                status = Status(text, isValid ? .success : .error)
            }
            return
        }
        let order = ["valid", "expired", "rejected", "unreachable", "no token", "error"]
        let parts = order.compactMap { label in tally.counts[label].map { "\($0) \(label)" } }
        let allValid = tally.counts["valid"] == tally.total
        status = Status(
            "Checked \(Names.count(tally.total, "organization")): \(parts.joined(separator: ", ")).",
            allValid ? .success : .warning)
    }

    // MARK: - Loading

    mutating func finishLoad(
        generation: Int, _ result: Result<AccountList, CredentialError>, azure: AzureCLIState?,
        effects: inout [Effect]
    ) {
        // An older reload finishing late must not replace a newer listing.
        guard generation == loadGeneration else { return }
        isLoading = false
        if let azure { self.azure = azure }
        defer { announcesNextLoad = false }
        switch result {
        case .failure(let error):
            loadError = error.screenText
            if list != nil { status = Status("Could not read the stores: \(error.screenText)", .error) }
        case .success(let newList):
            loadError = nil
            if list == nil, let storeNotice, !newList.memory.hasShown(storeNotice: storeNotice) {
                showsStoreNotice = true
                effects.append(.rememberStoreNotice(storeNotice))
            }
            apply(newList)
            if announcesNextLoad {
                status = Status("Reloaded: \(Names.count(newList.organizationCount, "organization")).")
            }
            // Every change and every reload ends in a listing: the banner follows it.
            if let doctor = requestDoctor() { effects.append(doctor) }
        }
    }

    mutating func apply(_ newList: AccountList) {
        // The first listing starts on the default organization: what Enter, p and v most
        // often act on.
        let keep = pendingSelection ?? currentRow?.key ?? (list == nil ? newList.defaultOrganizationKey : nil)
        let isNewRow = pendingSelection != nil
        pendingSelection = nil
        list = newList
        if !marked.isEmpty || !checks.isEmpty {
            let keys = Set(newList.rows.map(\.key))
            marked.formIntersection(keys)
            checks = checks.filter { keys.contains($0.key) }
        }
        organizationCount = newList.organizationCount
        nameWidth = newList.rows.reduce(0) { max($0, Self.tableNameWidth($1)) }
        compactNameWidth = newList.rows.reduce(0) { max($0, Self.compactNameWidth($1)) }
        storeWidth = newList.rows.reduce(0) { max($0, Names.stores($1).count) }
        ambiguousNames = newList.ambiguousDisplayNames
        knowsExpiry = newList.rows.contains { newList.record(for: $0.key).token?.validTo != nil }
        stateWidth = newList.rows.reduce(0) { widest, row in
            RememberedWords.state(newList.record(for: row.key), now: newList.readAt).map {
                max(widest, $0.count)
            } ?? widest
        }
        identityWidth = widestIdentity()
        let query = Array(filter.text.lowercased().utf8)
        visible =
            query.isEmpty
            ? Array(newList.rows.indices)
            : newList.rows.indices.filter { newList.rows[$0].matches(filter: query) }
        if let keep, let index = newList.rows.firstIndex(where: { $0.key == keep }) {
            // A row just logged in to is shown even when the filter would hide it.
            if isNewRow, visible[safe: Self.position(of: index, in: visible)] != index {
                filter = Filter()
                visible = Array(newList.rows.indices)
            }
            cursor = Self.position(of: index, in: visible)
        }
    }
}

extension Model {
    /// The columns `Names.table` takes; ASCII URLs (nearly all) are measured by their length.
    static func tableNameWidth(_ row: AccountList.Row) -> Int {
        guard let url = row.organization else { return TextWidth.columns(of: Names.table(row)) }
        let bytes = url.utf8
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return bytes.count - (url.hasPrefix("https://") ? "https://".utf8.count : 0)
        }
        return TextWidth.columns(of: Names.table(row))
    }

    /// The columns `Names.compact` takes; bare names are ASCII.
    static func compactNameWidth(_ row: AccountList.Row) -> Int {
        guard let url = row.organization, let name = OrganizationURL.bareName(of: url) else {
            return tableNameWidth(row)
        }
        return name.utf8.count
    }

    /// The columns the IDENTITY column needs for the identities shown.
    func widestIdentity() -> Int {
        rows.reduce(0) { widest, row in
            identityText(for: row).map { max(widest, TextWidth.columns(of: $0)) } ?? widest
        }
    }

    /// Who a row's token signed in as: this session's check, else the last one remembered; the
    /// e-mail where two rows share a display name.
    func identityText(for row: AccountList.Row) -> String? {
        if let identity = checks[row.key]?.identity { return identityText(identity) }
        guard let list else { return nil }
        let record = list.record(for: row.key)
        return RememberedWords.identity(
            record, preferEmail: record.displayName.map(ambiguousNames.contains) ?? false)
    }

    func identityText(_ identity: Identity) -> String {
        let record = CredentialRecord(displayName: identity.name, email: identity.email)
        return RememberedWords.identity(record, preferEmail: ambiguousNames.contains(identity.displayName))
            ?? Names.identity(identity)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }

}
