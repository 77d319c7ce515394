/// Which store new tokens go to: `auto` (the Secret Service when it answers, else the file),
/// or one forced by `--store` or `ADO_ACCOUNTS_STORE`.
public enum StorePreference: String, Sendable, CaseIterable {
    case auto
    case keyring
    case file

    public static let environmentVariable = "ADO_ACCOUNTS_STORE"

    /// An explicit choice wins; otherwise `ADO_ACCOUNTS_STORE`; otherwise `auto`.
    public static func resolve(explicit: StorePreference?, environment: Environment) throws(CredentialError) -> StorePreference {
        if let explicit { return explicit }
        guard let value = environment.nonEmpty(environmentVariable) else { return .auto }
        guard let preference = StorePreference(rawValue: value.lowercased()) else {
            throw .invalidInput("\(environmentVariable) is \(Printable.quoted(value)); use auto, keyring or file.")
        }
        return preference
    }
}

/// The stores an `AccountManager` works with, chosen from a preference, and what a person should
/// be told about that choice before typing a token.
public struct StoreSelection: Sendable {
    /// In reading order; the first receives new tokens.
    public let stores: [any CredentialStore]
    /// Why `auto` did not pick the keyring, when it did not; shown before a token is asked for.
    public let notice: String?

    public static func select(
        _ preference: StorePreference, directory: ConfigDirectory, environment: Environment
    ) throws(CredentialError) -> StoreSelection {
        let file = FileCredentialStore(directory: directory)
        switch preference {
        case .file, .auto:
            return StoreSelection(stores: [file], notice: nil)
        case .keyring:
            throw .storage("The Secret Service store is not available in this build.")
        }
    }
}
