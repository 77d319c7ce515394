/// Which store new tokens go to: `auto` (the Secret Service when it answers, else the file),
/// or one forced by `--store` or `ADO_ACCOUNTS_STORE`.
public enum StorePreference: String, Sendable, CaseIterable {
    case auto
    case keyring
    case file

    public static let environmentVariable = "ADO_ACCOUNTS_STORE"

    /// An explicit choice wins; otherwise `ADO_ACCOUNTS_STORE`; otherwise `auto`.
    public static func resolve(explicit: StorePreference?, environment: Environment) throws(CredentialError)
        -> StorePreference
    {
        if let explicit { return explicit }
        guard let value = environment.nonEmpty(environmentVariable) else { return .auto }
        guard let preference = StorePreference(rawValue: value.lowercased()) else {
            throw .invalidInput(
                "\(environmentVariable) is \(Printable.quoted(value)); use auto, keyring or file.")
        }
        return preference
    }
}

/// The stores an `AccountManager` works with, chosen from a preference, and what a person should
/// be told about that choice before typing a token.
///
/// Reading always follows az: the keyring first, then the file. The preference decides where
/// new tokens go and whether the keyring must be there:
/// - `auto`: the keyring when a session bus and the Secret Service answer within 2 s and the
///   default collection is unlocked (or gets unlocked at the desktop's prompt), unless
///   python-keyring is configured with no keyring (then az devops keeps its tokens in the file);
///   otherwise the file, with a notice saying why. A re-login keeps a token where it is
///   (`AccountManager.loginTarget`).
/// - `keyring`: the keyring, or an error saying why it cannot be used.
/// - `file`: the file; the keyring is still read, and cleaned on writes, when it answers, so
///   that az (which reads the keyring first) sees what was written. No prompt is shown.
public struct StoreSelection: Sendable {
    /// In reading order.
    public let stores: [any CredentialStore]
    /// Where new tokens go; one of `stores`.
    public let writeKind: StoreKind
    /// Why `auto` did not pick the keyring, when it did not; shown before a token is asked for.
    public let notice: String?
    /// What the probe found (`.noSessionBus` also when it was not needed).
    public let keyring: KeyringProbe.Outcome
    /// The keyring when it exists but cannot be used (locked, not answering): not in `stores`,
    /// but it may hold tokens.
    public let unreadableKeyring: UnreadableKeyring?
    public let preference: StorePreference

    public init(
        stores: [any CredentialStore], writeKind: StoreKind? = nil, notice: String? = nil,
        keyring: KeyringProbe.Outcome = .noSessionBus, unreadableKeyring: UnreadableKeyring? = nil,
        preference: StorePreference = .auto
    ) {
        self.stores = stores
        self.writeKind = writeKind ?? stores[0].kind
        self.notice = notice
        self.keyring = keyring
        self.unreadableKeyring = unreadableKeyring
        self.preference = preference
    }

    public static func select(
        _ preference: StorePreference, directory: ConfigDirectory, environment: Environment
    ) throws(CredentialError) -> StoreSelection {
        let file = FileCredentialStore(directory: directory)
        let outcome = KeyringProbe.probe(environment: environment, unlock: preference != .file)
        let stores: [any CredentialStore] =
            outcome.isAvailable ? [SecretServiceCredentialStore(), file] : [file]
        switch preference {
        case .file:
            return StoreSelection(
                stores: stores, writeKind: .file, keyring: outcome,
                unreadableKeyring: UnreadableKeyring.assess(outcome), preference: preference)
        case .keyring:
            if let why = outcome.explanation {
                throw .storage("The keyring cannot be used: \(why).", hint: .useFileStore(path: file.path))
            }
            return StoreSelection(
                stores: stores, writeKind: .keyring, keyring: outcome, preference: preference)
        case .auto:
            // Read only when the keyring works, which is when it decides where tokens go (and
            // the probe's round trip dwarfs it): `list` without a keyring pays nothing for it.
            // doctor reads it in every case.
            let python = outcome.isAvailable ? PythonKeyringBackend.configured(environment: environment) : nil
            let elsewhere = python.flatMap { $0.kind == .other ? Self.elsewhereWarning($0) : nil }
            var notice: String?
            var writeKind = StoreKind.keyring
            // Not claimed of a file others can read: its warning follows, and would contradict it.
            let privately = file.isReadableByOthers ? "" : ", readable only by you"
            if let why = outcome.explanation {
                notice =
                    "Not using the keyring: \(why). The token will be stored in \(file.path)\(privately)."
                writeKind = .file
            } else if let python, python.kind == .none {
                notice =
                    "Not using the keyring: az devops does not use it, because python-keyring is configured with \(python.described). New tokens will be stored in \(file.path)\(privately)."
                writeKind = .file
            }
            return StoreSelection(
                stores: stores, writeKind: writeKind,
                notice: [notice, elsewhere].compactMap { $0 }.joined(separator: " ").nilIfEmpty,
                keyring: outcome, unreadableKeyring: UnreadableKeyring.assess(outcome), preference: preference
            )
        }
    }

    /// For a python-keyring configured with a store ado-accounts does not use.
    static func elsewhereWarning(_ python: PythonKeyringBackend) -> String {
        "python-keyring is configured with \(python.described), so az devops keeps its tokens there, where ado-accounts does not look, and does not see the tokens ado-accounts stores."
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
