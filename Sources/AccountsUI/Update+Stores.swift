import CredentialCore

/// `m` (move a token to the keyring) and the doctor banner: both ask the core, through effects.
extension Model {
    // MARK: - Moving a token to the keyring

    /// The current row's token, or the default credential's (it is a token like the others, and
    /// az reads the keyring first for it too). Nothing is asked: a move never loses a token.
    mutating func moveCurrentToKeyring(effects: inout [Effect]) {
        guard let row = currentRow, let list else { return }
        let name = Names.spoken(row.key)
        switch list.keyringMove(for: row) {
        case .nothingStored:
            status = Status("Nothing is stored for \(name): there is no token to move.")
            return
        case .alreadyInKeyring:
            status = Status("The token for \(name) is in the keyring already.")
            return
        // Without a keyring the core refuses the move, with the keyring's reason.
        case .noKeyring, .movable: break
        }
        operationsInFlight += 1
        status = Status("Moving the token for \(name) to the keyring\(glyphs.ellipsis)")
        effects.append(.move(row.key, to: .keyring))
    }

    mutating func finishMove(
        _ key: CredentialKey, _ result: Result<MigrationReport, CredentialError>, effects: inout [Effect]
    ) {
        operationsInFlight = max(0, operationsInFlight - 1)
        status = Self.describe(move: result, for: key)
        effects.append(beginLoad())
    }

    static func describe(move result: Result<MigrationReport, CredentialError>, for key: CredentialKey)
        -> Status
    {
        let name = Names.spoken(key)
        let report: MigrationReport
        switch result {
        case .failure(let error): return Status(error.screenText, .error)
        case .success(let value): report = value
        }
        let to = report.to.rawValue
        let from = report.from.rawValue
        guard let entry = report.entries.first(where: { $0.key == key }) else {
            return Status("The token for \(name) is in the \(to) already.")
        }
        switch entry.outcome {
        case .moved:
            return Status("Moved the token for \(name) from the \(from) to the \(to).", .success)
        case .alreadyThere:
            return Status(
                "The \(to) held the same token for \(name) already; the copy in the \(from) was removed.",
                .success)
        case .conflict:
            return Status(
                "The \(to) and the \(from) hold different tokens for \(name): both were kept, and az uses the keyring's. Log in again to keep one.",
                .warning)
        }
    }

    // MARK: - Doctor

    /// The doctor effect, unless one is running: then it runs again once that one answers.
    mutating func requestDoctor() -> Effect? {
        if doctorInFlight {
            doctorIsStale = true
            return nil
        }
        doctorInFlight = true
        return .doctor
    }

    mutating func finishDoctor(_ result: Result<DoctorReport, CredentialError>, effects: inout [Effect]) {
        doctorInFlight = false
        if doctorIsStale {
            // The stores changed while it ran: its answer may be out of date already.
            doctorIsStale = false
            if let again = requestDoctor() { effects.append(again) }
            return
        }
        switch result {
        case .success(let report):
            doctor = report
            doctorError = nil
        case .failure(let error):
            doctorError = error.screenText
        }
    }
}
