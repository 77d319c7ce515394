/// Every failure the core reports: a category callers map to exit codes or banners, and a
/// one-line message written for the person at the keyboard. Messages never contain a secret.
public struct CredentialError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The user gave something unusable: an organization, a token, a configuration value.
        case invalidInput
        /// There is nothing to act on: no credential, no default, nothing to remove.
        case notFound
        /// A file or the keyring could not be read or written safely.
        case storage
        /// The service answered and refused the token.
        case rejected
        /// The service could not be reached or did not answer as Azure DevOps does.
        case unreachable
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func invalidInput(_ message: String) -> CredentialError { .init(.invalidInput, message) }
    static func notFound(_ message: String) -> CredentialError { .init(.notFound, message) }
    static func storage(_ message: String) -> CredentialError { .init(.storage, message) }
}
