extension AccountManager {
    /// Where az devops evidently keeps its tokens, set against where ado-accounts reads and puts
    /// them: findings when az cannot see them, notes otherwise.
    func azStorageFindings(holders: TokenHolders, python: PythonKeyringBackend?) -> (
        findings: [DoctorReport.Finding], notes: [String]
    ) {
        func finding(_ kind: DoctorReport.Kind, _ message: String) -> DoctorReport.Finding {
            .init(kind: kind, key: nil, message: message, isFixable: false, fix: nil)
        }
        let inKeyring = holders.keys.filter { key in holders.stores(for: key).contains { $0.kind == .keyring }
        }
        switch python?.kind {
        case .other?:
            return ([finding(.azUsesAnotherStore, StoreSelection.elsewhereWarning(python!))], [])
        case .none?:
            let configured = "python-keyring is configured with \(python!.described)"
            guard writeKind == .keyring || !inKeyring.isEmpty else {
                return ([], ["az devops keeps its tokens in the file: \(configured)."])
            }
            var message = "az devops reads only the file: \(configured)."
            if !inKeyring.isEmpty {
                let (count, them) =
                    inKeyring.count == 1 ? ("the token", "it") : ("the \(inKeyring.count) tokens", "them")
                message +=
                    " It does not see \(count) in the keyring ('ado-accounts migrate --to file' moves \(them))."
            }
            if writeKind == .keyring {
                message += " New tokens go to the keyring: use --store file (or ADO_ACCOUNTS_STORE=file)."
            }
            return ([finding(.azDoesNotReadTheKeyring, message)], [])
        default:
            // The file holding tokens the working keyring lacks is the trace az devops leaves when
            // its python-keyring cannot use the keyring (or of ado-accounts with --store file).
            let fileOnly = holders.keys.filter { key in
                holders.stores(for: key).allSatisfy { $0.kind == .file }
            }
            guard writeKind == .keyring, !fileOnly.isEmpty else { return ([], []) }
            let count = fileOnly.count == 1 ? "a token" : "\(fileOnly.count) tokens"
            return (
                [],
                [
                    "The file holds \(count) that the keyring does not: az devops puts tokens there when it cannot use the keyring (ado-accounts only with --store file). If az devops keeps doing so, use --store file (or ADO_ACCOUNTS_STORE=file) too, so that new tokens go where it looks."
                ]
            )
        }
    }
}
