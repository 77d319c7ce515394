import CredentialCore

/// Where the table's columns are. The state keeps the right edge, the expiry (once one is
/// known) left of it; the organization gets the width its longest name needs, then the identity
/// (once a check has named someone) and the store share what is left; narrow screens drop the
/// identity, then the store, then the expiry.
struct TableColumns: Equatable {
    static let mark = 1
    static let box = 3..<6
    /// "unreachable"; remembered states with their age ("valid, 23 h ago") widen it up to
    /// `widestState`, and longer ones ("unreachable, 5 min ago") are cut.
    static let stateWidth = 11
    static let widestState = 16
    static let storeWidth = 7
    /// "in 365 d".
    static let expiresWidth = 8
    static let gap = 2

    let organization: Range<Int>
    /// The longest name does not fit: Azure DevOps Services organizations go by their bare name.
    let compactNames: Bool
    let store: Range<Int>?
    let identity: Range<Int>?
    let expires: Range<Int>?
    let state: Range<Int>

    /// `nameWidth`: the widest organization name; `compactNameWidth`: the widest once Azure
    /// DevOps Services organizations go by their bare name (nil: as wide); `identityWidth`: the
    /// widest identity, 0 for none; `storeWidth`: the widest store label ("keyring+file" is
    /// wider than the column's usual 7, and must not be cut to "keyrin…").
    init(
        width: Int, nameWidth: Int = 28, compactNameWidth: Int? = nil, identityWidth: Int = 0,
        storeWidth: Int = 0, hasExpiry: Bool = false, stateWidth: Int = 0
    ) {
        let organizationStart = 7
        let stateColumns = min(Self.widestState, max(Self.stateWidth, stateWidth))
        let stateStart = max(organizationStart + 8, width - stateColumns - 1)
        state = stateStart..<(stateStart + stateColumns)
        // The expiry goes before anything but the organization (12 columns at least) and the state.
        let expiresStart = stateStart - Self.expiresWidth - Self.gap
        if hasExpiry, expiresStart - organizationStart - 1 >= 12 {
            expires = expiresStart..<(expiresStart + Self.expiresWidth)
        } else {
            expires = nil
        }
        let rightStart = expires?.lowerBound ?? stateStart
        let storeColumns = max(Self.storeWidth, storeWidth)
        let hasStore = rightStart - organizationStart - 1 >= 23 + storeColumns
        let room = rightStart - organizationStart - 1 - (hasStore ? storeColumns + Self.gap : 0)
        func identityFor(besides names: Int) -> Int {
            guard identityWidth > 0, room >= 30 else { return 0 }
            return min(max(8, identityWidth), 28, max(10, room - names - Self.gap))
        }
        func organizationFor(_ names: Int, besides identity: Int) -> Int {
            min(max(12, names), room - (identity > 0 ? identity + Self.gap : 0))
        }
        var identityColumns = identityFor(besides: nameWidth)
        var organizationWidth = organizationFor(nameWidth, besides: identityColumns)
        // Bare names also when the identity would be cut: who signed in says more than the host.
        let identityCut = identityWidth > 0 && identityColumns < min(identityWidth, 28)
        compactNames =
            nameWidth > organizationWidth
            || (identityCut && compactNameWidth.map { $0 < nameWidth } == true)
        // Bare names free columns: the identity gets them rather than a blank organization column.
        if compactNames, let compactNameWidth {
            identityColumns = identityFor(besides: compactNameWidth)
            organizationWidth = organizationFor(compactNameWidth, besides: identityColumns)
        }
        organization = organizationStart..<(organizationStart + organizationWidth)
        var next = organization.upperBound + Self.gap
        if hasStore {
            store = next..<(next + storeColumns)
            next += storeColumns + Self.gap
        } else {
            store = nil
        }
        identity = identityColumns > 0 ? next..<(next + identityColumns) : nil
    }
}

/// The list of stored organizations: one row each, the default credential, and the default
/// organization when it has no token.
enum AccountTable {
    static func draw(_ frame: inout Frame, _ model: Model, _ layout: Layout) {
        let columns = TableColumns(
            width: frame.width, nameWidth: model.nameWidth, compactNameWidth: model.compactNameWidth,
            identityWidth: model.identityWidth, storeWidth: model.storeWidth, hasExpiry: model.knowsExpiry,
            stateWidth: model.stateWidth)
        let header = Style(.header)
        frame.fill(x: 0, y: layout.headerY, count: frame.width, style: header)
        frame.write("ORGANIZATION", x: columns.organization.lowerBound, y: layout.headerY, style: header)
        if let store = columns.store {
            frame.write("STORE", x: store.lowerBound, y: layout.headerY, style: header)
        }
        if let identity = columns.identity {
            frame.write("IDENTITY", x: identity.lowerBound, y: layout.headerY, style: header)
        }
        if let expires = columns.expires {
            frame.write("EXPIRES", x: expires.lowerBound, y: layout.headerY, style: header)
        }
        frame.write("STATE", x: columns.state.lowerBound, y: layout.headerY, style: header)

        guard let list = model.list, !model.visible.isEmpty else {
            placeholder(&frame, model, layout)
            return
        }
        let end = min(model.visible.count, model.top + layout.listHeight)
        for index in model.top..<end {
            let row = list.rows[model.visible[index]]
            let y = layout.listTop + index - model.top
            drawRow(&frame, row, y: y, columns: columns, model: model)
            if index == model.cursor {
                frame.restyle(x: 0, y: y, count: frame.width) { $0.isHighlighted = true }
            }
        }
        if model.top > 0 {
            frame.write(model.glyphs.up, x: 0, y: layout.listTop, style: Style(.muted))
        }
        if end < model.visible.count {
            frame.write(
                model.glyphs.down, x: 0, y: layout.listTop + layout.listHeight - 1, style: Style(.muted))
        }
    }

    static func drawRow(
        _ frame: inout Frame, _ row: AccountList.Row, y: Int, columns: TableColumns, model: Model
    ) {
        let glyphs = model.glyphs
        if row.isDefaultOrganization {
            frame.write(glyphs.defaultMark, x: TableColumns.mark, y: y, style: Style(.defaultMark))
        }
        let isMarked = model.marked.contains(row.key)
        frame.write(
            isMarked ? glyphs.marked : glyphs.unmarked, x: TableColumns.box.lowerBound, y: y,
            style: Style(isMarked ? .marked : .muted))

        let nameRole: Role = row.hasToken || row.isDefaultCredential ? .plain : .muted
        let name = columns.compactNames ? Names.compact(row) : Names.table(row)
        // Cut in the middle, so that names sharing a long start stay apart; not a raw key or a
        // name with characters made visible (`\u{202e}`), which a middle cut would split.
        let cut = row.isRaw || name.contains("\\") ? Text.fit : Text.fitMiddle
        frame.write(
            cut(name, columns.organization.count, glyphs.ellipsis), x: columns.organization.lowerBound, y: y,
            style: Style(nameRole))
        if let store = columns.store {
            write(Names.stores(row), &frame, store, y, Style(row.hasToken ? .plain : .muted), glyphs)
        }
        let check = model.checks[row.key]
        if let identity = columns.identity, let who = model.identityText(for: row) {
            write(who, &frame, identity, y, Style(.muted), glyphs)
        }
        let record = model.list?.record(for: row.key) ?? CredentialRecord()
        if let expires = columns.expires, let validTo = record.token?.validTo, let now = model.list?.readAt {
            let days = RememberedWords.daysLeft(until: validTo, now: now)
            let role: Role = validTo <= now ? .expired : days < 7 ? .expiresSoon : .muted
            write(RememberedWords.expiry(validTo, now: now), &frame, expires, y, Style(role), glyphs)
        }
        let (label, role) = state(check, row: row, model: model)
        write(label, &frame, columns.state, y, Style(role), glyphs)
    }

    static func state(_ check: RowCheck?, row: AccountList.Row, model: Model) -> (String, Role) {
        guard let check else {
            // Before any check this session: the last one remembered, with its age.
            guard let list = model.list, case let record = list.record(for: row.key),
                let outcome = record.outcome, let text = RememberedWords.state(record, now: list.readAt)
            else { return ("unknown", .muted) }
            return (text, role(outcome))
        }
        switch check {
        case .checking:
            let spinner = model.glyphs.spinner[model.spinnerFrame % model.glyphs.spinner.count]
            return ("\(spinner) checking", .checking)
        case .finished(let outcome):
            let role: Role =
                switch outcome.failure {
                case nil: .valid
                case .unreachable: .unreachable
                default: .rejected
                }
            return (check.label, role)
        }
    }

    static func role(_ outcome: CheckOutcome) -> Role {
        switch outcome {
        case .valid: .valid
        case .expired, .rejected: .rejected
        case .unreachable, .unexpected: .unreachable
        }
    }

    private static func write(
        _ text: String, _ frame: inout Frame, _ column: Range<Int>, _ y: Int, _ style: Style, _ glyphs: Glyphs
    ) {
        frame.write(
            Text.fit(text, column.count, ellipsis: glyphs.ellipsis), x: column.lowerBound, y: y, style: style)
    }

    static func placeholder(_ frame: inout Frame, _ model: Model, _ layout: Layout) {
        var lines: [(String, Role)] = []
        if let error = model.loadError, model.list == nil {
            lines = [
                ("Could not read the stores: \(Printable.sanitized(error))", .error),
                ("Press r to try again, q to quit.", .muted),
            ]
        } else if model.list == nil {
            lines = [("Reading the stores" + model.glyphs.ellipsis, .muted)]
        } else if model.rows.isEmpty {
            lines = [
                ("No credentials are stored yet.", .plain), ("Press a to log in to an organization.", .muted),
            ]
        } else {
            lines = [
                ("Nothing matches \"\(Printable.sanitized(model.filter.text))\".", .plain),
                ("Esc clears the filter.", .muted),
            ]
        }
        var y = layout.listTop + min(1, layout.listHeight - 1)
        for (text, role) in lines {
            for line in Text.wrap(text, frame.width - 4) where y < layout.listTop + layout.listHeight {
                frame.write(line, x: 2, y: y, style: Style(role))
                y += 1
            }
        }
    }
}
